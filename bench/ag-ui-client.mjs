// One AG-UI measurement in a fresh process, so that its peak RSS is its own.
//   kind "ttft": `runs` rounds, one after another, of POST → first text delta: node:http +
//     eventsource-parser on the plain sim, the gate's adapter on it, and on the delayed sim
//   kind "scale": `n` runs at once (mode "gate": the concurrency test through runGate;
//     mode "bare": fetch + eventsource-parser), each minting its token first
// Prints one JSON line.
import http from 'node:http';
import { createParser } from 'eventsource-parser';
import { createAgUiAdapter } from '../.bench-tmp/src/agent/ag-ui/adapter.js';
import { parseSettings } from '../.bench-tmp/src/config/parse-settings.js';
import { runGate } from '../.bench-tmp/src/pipeline/run-gate.js';
import { mintToken } from './bare-client.mjs';

setTimeout(() => process.exit(2), 90_000).unref();
const { kind, mode, n, runs, baseUrl, agentUrl, delayedUrl, secret } = JSON.parse(process.argv[2]);
const cpuAt = process.cpuUsage();

/** POST a RunAgentInput with fetch, parse the stream with eventsource-parser. */
async function bareRun(token, i) {
  const started = performance.now();
  const res = await globalThis.fetch(agentUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({
      threadId: `bare-thread-${i}`,
      runId: `bare-run-${i}`,
      messages: [{ id: `m-${i}`, role: 'user', content: 'hello' }],
      tools: [],
      context: [],
      state: {},
      forwardedProps: {},
    }),
  });
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  let ttft;
  let finished = false;
  const parser = createParser({
    onEvent: (e) => {
      const event = JSON.parse(e.data);
      if (ttft === undefined && event.type === 'TEXT_MESSAGE_CONTENT' && event.delta)
        ttft = performance.now() - started;
      if (event.type === 'RUN_FINISHED') finished = true;
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of res.body) parser.feed(decoder.decode(chunk, { stream: true }));
  if (!finished) throw new Error('no RUN_FINISHED');
  return ttft;
}

/** The bare round trip: node:http (no pool, as the gate) + eventsource-parser, nothing else. */
function rawRun(url, token, i) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({
      threadId: `raw-thread-${i}`,
      runId: `raw-run-${i}`,
      messages: [{ id: `m-${i}`, role: 'user', content: 'hello' }],
      tools: [],
      context: [],
      state: {},
      forwardedProps: {},
    });
    const started = performance.now();
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
        },
      },
      (res) => {
        let ttft;
        const parser = createParser({
          onEvent: (e) => {
            const event = JSON.parse(e.data);
            if (ttft === undefined && event.type === 'TEXT_MESSAGE_CONTENT' && event.delta)
              ttft = performance.now() - started;
          },
        });
        const decoder = new TextDecoder();
        res.on('data', (c) => parser.feed(decoder.decode(c, { stream: true })));
        res.on('end', () => (ttft === undefined ? reject(new Error('no text')) : resolve(ttft)));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function gateRun(adapter, token) {
  const run = await adapter.run({
    token,
    prompt: 'hello',
    signal: new AbortController().signal,
    evidence: { add() {}, entries: () => [] },
    timeoutMs: 10_000,
  });
  const first = run.events.find((e) => e.kind === 'text' && e.text);
  if (!run.events.some((e) => e.kind === 'run_finished')) throw new Error('no RUN_FINISHED');
  return first.atMs;
}

/** Interleaved, so that the machine's load falls on every series alike. */
async function ttftSeries() {
  const token = await mintToken(secret, 1);
  const plainAdapter = createAgUiAdapter({ agentUrl });
  const delayedAdapter = createAgUiAdapter({ agentUrl: delayedUrl });
  const series = { bare: [], gateNoDelay: [], bareDelayed: [], gate: [] };
  // one warm-up round, not counted: the first connection pays for JIT on both sides
  for (let i = 0; i <= runs; i++) {
    const bare = await rawRun(agentUrl, token, i);
    const gateNoDelay = await gateRun(plainAdapter, token);
    const bareDelayed = await rawRun(delayedUrl, token, i);
    const gate = await gateRun(delayedAdapter, token);
    if (i === 0) continue;
    series.bare.push(bare);
    series.gateNoDelay.push(gateNoDelay);
    series.bareDelayed.push(bareDelayed);
    series.gate.push(gate);
  }
  return series;
}

async function scale() {
  if (mode === 'gate') {
    const settings = parseSettings({
      'base-url': baseUrl,
      protocol: 'ag-ui',
      'agent-url': agentUrl,
      'jwt-secret': secret,
      tests: 'concurrency/concurrent-runs',
      retries: '0',
      'wait-for-ready': '5',
      timeout: '120',
      comment: 'off',
      'concurrent-users': String(n),
    });
    const results = await runGate(settings);
    const test = results.tests.find((t) => t.id === 'concurrency/concurrent-runs');
    const failedUsers = /(\d+) of \d+ concurrent runs failed/.exec(test?.failure?.message ?? '');
    return {
      wallMs: test?.durationMs ?? 0,
      errors: failedUsers ? Number(failedUsers[1]) : test?.status === 'passed' ? 0 : n,
      failure: test?.failure?.message,
    };
  }
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: n }, async (_, i) => bareRun(await mintToken(secret, i + 1), i)),
  );
  const failed = outcomes.filter((o) => o.status === 'rejected');
  return {
    wallMs: performance.now() - started,
    errors: failed.length,
    failure: failed[0]?.reason?.message,
  };
}

const outcome = kind === 'ttft' ? await ttftSeries() : await scale();
const cpu = process.cpuUsage(cpuAt);
process.stdout.write(
  `${JSON.stringify({
    kind,
    mode,
    n,
    ...outcome,
    runsPerSec: outcome.wallMs ? n / (outcome.wallMs / 1000) : undefined,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
process.exit(0);
