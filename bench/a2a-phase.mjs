// The A2A phase: does the gate measure an A2A agent truly? The gate's performance tests
// (agent_startup_ms, time_to_first_token_ms, run_duration_ms, 3 × 5 streamed runs) and a
// bare client (node:http, SSE split by hand, no validation) stream the same messages from
// the same reference A2A agent, one run at a time, the gate's prompt; the gate's p50 minus the bare client's is what the gate's
// own reading, judging and bookkeeping add. Also the whole A2A suite's wall time.
// Imported only after bench/compile.mjs has transpiled src/ into .bench-tmp/.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { parseSettings } from '../.bench-tmp/src/config/parse-settings.js';
import { runGate } from '../.bench-tmp/src/pipeline/run-gate.js';
import { Histogram } from '../.bench-tmp/src/runner/histogram.js';
import { DEFAULT_SIM_SECRET } from '../.bench-tmp/src/sim/index.js';
import { DEFAULT_PROMPT } from '../.bench-tmp/src/config/protocol.js';
import { startA2aSim } from '../.bench-tmp/src/sim/a2a/index.js';
import { mintToken } from './bare-client.mjs';
import { notPassed } from './gate.mjs';
import { percentile } from './stats.mjs';

const BARE_RUNS = 15;
const GATE_ROUNDS = 1;
const SPACING_MS = 20;
const LOOSE = 'agent_startup_ms=60000,time_to_first_token_ms=60000,run_duration_ms=60000';

function settingsFor(sim, inputs) {
  return parseSettings({
    'base-url': sim.baseUrl,
    protocol: 'a2a',
    'jwt-secret': DEFAULT_SIM_SECRET,
    retries: '0',
    'wait-for-ready': '10',
    timeout: '120',
    comment: 'off',
    'perf-targets': LOOSE,
    'results-dir': '.bench-tmp/a2a-results',
    ...inputs,
  });
}

/** One SendStreamingMessage by hand: ms to the first event, the first artifact, the terminal state. */
function bareRun(url, token) {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: randomUUID(),
    method: 'SendStreamingMessage',
    params: {
      message: { messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text: DEFAULT_PROMPT }] },
    },
  });
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const times = {};
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
          'A2A-Version': '1.0',
        },
      },
      (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          buf += chunk;
          let cut;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const at = performance.now() - started;
            const result = JSON.parse(frame.replace(/^data: /, '')).result;
            times.startup ??= at;
            if (result.artifactUpdate) times.ttft ??= at;
            if (result.statusUpdate?.status?.state === 'TASK_STATE_COMPLETED') times.run = at;
          }
        });
        res.on('end', () => resolve(times));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function a2aPhase() {
  const sim = await startA2aSim({ eventSpacingMs: SPACING_MS });
  try {
    const token = await mintToken(DEFAULT_SIM_SECRET, 1);
    const bare = { startup: [], ttft: [], run: [] };
    const sampleBare = async () => {
      for (let i = 0; i < BARE_RUNS; i++) {
        const t = await bareRun(sim.agentUrl, token);
        for (const k of Object.keys(bare)) if (t[k] !== undefined) bare[k].push(t[k]);
      }
    };
    await sampleBare();
    const merged = {
      agent_startup_ms: new Histogram(),
      time_to_first_token_ms: new Histogram(),
      run_duration_ms: new Histogram(),
    };
    const problems = [];
    for (let i = 0; i < GATE_ROUNDS; i++) {
      const results = await runGate(settingsFor(sim, { modules: 'performance', concurrency: '1' }));
      problems.push(...notPassed(results));
      for (const m of results.metrics)
        if (m.histogram) merged[m.name]?.merge(Histogram.fromData(m.histogram));
    }
    await sampleBare();
    const suiteStarted = performance.now();
    const suite = await runGate(settingsFor(sim, { priority: '1-2' }));
    const suiteWallMs = performance.now() - suiteStarted;
    problems.push(...notPassed(suite));
    const line = (metric, samples) => {
      const gateP50 = merged[metric].percentile(50) ?? NaN;
      const bareP50 = percentile(samples, 50);
      return {
        gateP50,
        gateSamples: merged[metric].count,
        bareP50,
        bareSamples: samples.length,
        overBareMs: gateP50 - bareP50,
      };
    };
    return {
      spacingMs: SPACING_MS,
      agentStartup: line('agent_startup_ms', bare.startup),
      ttft: line('time_to_first_token_ms', bare.ttft),
      runDuration: line('run_duration_ms', bare.run),
      suiteWallMs,
      suiteTests: suite.summary.total,
      suiteVerdict: suite.verdict,
      problems: [...new Set(problems)],
    };
  } finally {
    await sim.close();
  }
}
