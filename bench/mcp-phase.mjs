// MCP phase: the gate's MCP client against a bare client on the same MCP reference server
// (SSE answers and JSON answers), sequential `ping` round trips, and the whole mcp suite
// through runGate. The bare client does on the wire what the gate does (one POST per
// message on a fresh connection, the same headers and token, the response read from the
// JSON body or the SSE stream) and nothing else: no evidence, no JSON-RPC checks. Both run
// in this process, against a sim in this process, one after the other. Imported only after
// bench/compile.mjs has transpiled src/ into .bench-tmp/.
import http from 'node:http';
import { createMcpClient, openSession } from '../.bench-tmp/src/agent/mcp/client.js';
import { parseSettings } from '../.bench-tmp/src/config/parse-settings.js';
import { runGate } from '../.bench-tmp/src/pipeline/run-gate.js';
import { startMcpSim } from '../.bench-tmp/src/sim/mcp/index.js';
import { DEFAULT_SIM_SECRET } from '../.bench-tmp/src/sim/index.js';
import { mintToken } from './bare-client.mjs';
import { percentile } from './stats.mjs';

const PINGS = 200;
const SUITE_ROUNDS = 3;

/** One POST, the response to `id` read from JSON or SSE; resolves ms from send to response. */
function barePost(url, headers, message) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(message);
    const started = performance.now();
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          ...headers,
          accept: 'application/json, text/event-stream',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          const data = /text\/event-stream/.test(res.headers['content-type'] ?? '')
            ? text
                .split('\n')
                .filter((l) => l.startsWith('data: '))
                .map((l) => l.slice(6))
                .at(-1)
            : text;
          const parsed = data ? JSON.parse(data) : undefined;
          resolve({ ms: performance.now() - started, headers: res.headers, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('bare MCP request timed out')));
    req.end(body);
  });
}

async function bareRun(url, token) {
  const auth = { authorization: `Bearer ${token}` };
  const init = await barePost(url, auth, {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'bare', version: '1' },
    },
  });
  const session = init.headers['mcp-session-id'];
  const headers = {
    ...auth,
    'mcp-protocol-version': init.body.result.protocolVersion,
    ...(session ? { 'mcp-session-id': session } : {}),
  };
  await barePost(url, headers, { jsonrpc: '2.0', method: 'notifications/initialized' });
  const samples = [];
  const wall = performance.now();
  for (let i = 0; i < PINGS; i++)
    samples.push((await barePost(url, headers, { jsonrpc: '2.0', id: i + 2, method: 'ping' })).ms);
  return { samples, wallMs: performance.now() - wall };
}

async function gateRun(url, token) {
  const evidence = [];
  const client = createMcpClient({
    url,
    timeoutMs: 10_000,
    evidence: { add: (dir, text) => evidence.push({ dir, text }) },
    secrets: [DEFAULT_SIM_SECRET],
  });
  const session = await openSession(client, { token });
  const samples = [];
  const wall = performance.now();
  for (let i = 0; i < PINGS; i++) {
    const answer = await client.request('ping', undefined, session.options());
    if (answer.status !== 200 || !answer.response || !('result' in answer.response))
      throw new Error(`gate ping ${i} → ${answer.status}`);
    samples.push(answer.ms);
  }
  return { samples, wallMs: performance.now() - wall };
}

export async function mcpPhase() {
  const token = await mintToken(DEFAULT_SIM_SECRET, 1);
  const rows = [];
  for (const variant of ['sse', 'json']) {
    const sim = await startMcpSim({ variant });
    try {
      // alternate, so that drift during the phase falls on both alike
      const bare1 = await bareRun(sim.agentUrl, token);
      const gate1 = await gateRun(sim.agentUrl, token);
      const bare2 = await bareRun(sim.agentUrl, token);
      const gate2 = await gateRun(sim.agentUrl, token);
      const bare = [...bare1.samples, ...bare2.samples];
      const gate = [...gate1.samples, ...gate2.samples];
      rows.push({
        variant,
        pings: gate.length,
        bareP50Ms: percentile(bare, 50),
        gateP50Ms: percentile(gate, 50),
        bareP95Ms: percentile(bare, 95),
        gateP95Ms: percentile(gate, 95),
        gateOverBareP50Ms: percentile(gate, 50) - percentile(bare, 50),
        barePingsPerSec: (2 * PINGS * 1000) / (bare1.wallMs + bare2.wallMs),
        gatePingsPerSec: (2 * PINGS * 1000) / (gate1.wallMs + gate2.wallMs),
      });
    } finally {
      await sim.close();
    }
  }

  const sim = await startMcpSim({});
  const suite = [];
  const problems = [];
  let suiteTests = 0;
  try {
    for (let i = 0; i < SUITE_ROUNDS; i++) {
      const parsed = parseSettings({
        'base-url': sim.baseUrl,
        protocol: 'mcp',
        'jwt-secret': DEFAULT_SIM_SECRET,
        retries: '0',
        'wait-for-ready': '10',
        timeout: '120',
        'perf-targets': 'api_response_ms=60000,tool_call_ms=60000',
      });
      const settings = {
        ...parsed,
        protocol: {
          ...parsed.protocol,
          mcp: {
            tools: ['echo'],
            calls: [{ tool: 'echo', arguments: { text: 'b' }, expectText: 'b' }],
            checkListedServers: false,
          },
        },
      };
      const started = performance.now();
      const results = await runGate(settings);
      suite.push(performance.now() - started);
      suiteTests = results.tests.length;
      for (const t of results.tests)
        if (t.status !== 'passed') problems.push(`${t.id}: ${t.status}`);
    }
  } finally {
    await sim.close();
  }
  return { rows, suiteWallMs: percentile(suite, 50), suiteTests, problems };
}

/** The phase as table lines. */
export function renderMcp(mcp) {
  const f = (n) => n.toFixed(2);
  const lines = [
    '',
    `MCP (in-process sim, ${mcp.rows[0]?.pings ?? 0} sequential pings per variant; mcp suite of ${mcp.suiteTests} tests: median wall ${Math.round(mcp.suiteWallMs)} ms)`,
    '  answers  bare p50  gate p50  gate−bare  bare p95  gate p95  bare pings/s  gate pings/s',
    ...mcp.rows.map(
      (r) =>
        `  ${r.variant.padEnd(7)}  ${f(r.bareP50Ms).padStart(8)}  ${f(r.gateP50Ms).padStart(8)}  ${f(r.gateOverBareP50Ms).padStart(9)}  ${f(r.bareP95Ms).padStart(8)}  ${f(r.gateP95Ms).padStart(8)}  ${Math.round(r.barePingsPerSec).toString().padStart(12)}  ${Math.round(r.gatePingsPerSec).toString().padStart(12)}`,
    ),
    '',
  ];
  return lines.join('\n');
}
