// One p95 per metric, on a real run: the performance tests and the metric table of the same
// results.json judge the same number, so `performance 1/4 ❌` never sits beside four `met`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import type { Results } from '../../src/model.js';
import { runGate } from '../../src/pipeline/run-gate.js';
import { DEFAULT_SIM_SECRET, startSim, type SimHandle } from '../../src/sim/index.js';

let sim: SimHandle;
beforeAll(async () => {
  // every pong 80 ms late: ws_latency_ms breaches a 50 ms target, the others stay met
  sim = await startSim({ eventSpacingMs: 5, faults: ['slow-pong:80'] });
});
afterAll(async () => {
  await sim.close();
});

function disagreements(results: Results): string[] {
  const out: string[] = [];
  for (const t of results.tests) {
    if (t.metric === undefined) continue;
    const row = results.metrics.find((m) => m.name === t.metric);
    const testBreach = t.status === 'failed' && t.failure?.category === 'performance_breach';
    if (testBreach !== (row?.status === 'breached')) {
      out.push(`${t.id} ${t.status} but ${t.metric} ${row?.status} (p95 ${row?.p95})`);
    }
  }
  return out;
}

describe('performance tests and the metric table', () => {
  it('agree on every metric, breached or met', async () => {
    const results = await runGate(
      parseSettings({
        'base-url': sim.baseUrl,
        'jwt-secret': DEFAULT_SIM_SECRET,
        modules: 'performance,health',
        retries: '0',
        'wait-for-ready': '5',
        'perf-targets':
          'api_response_ms=5000,ws_latency_ms=50,agent_startup_ms=5000,message_processing_ms=5000',
      }),
    );
    const perf = results.tests.filter((t) => t.module === 'performance');
    expect(perf.map((t) => t.metric).sort()).toEqual([
      'agent_startup_ms',
      'api_response_ms',
      'message_processing_ms',
      'ws_latency_ms',
    ]);
    expect(disagreements(results)).toEqual([]);
    const ws = results.tests.find((t) => t.id === 'performance/ws-latency');
    const row = results.metrics.find((m) => m.name === 'ws_latency_ms');
    expect(row?.status).toBe('breached');
    expect(ws?.status).toBe('failed');
    expect(ws?.failure?.message).toContain(`p95 ${row?.p95} ms`);
  }, 60_000);
});
