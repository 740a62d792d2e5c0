// The P1 suite against the healthy reference service, 20 runs in a row: a gate that is
// flaky on a healthy service would teach a team to ignore it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import { runGate } from '../../src/pipeline/run-gate.js';
import { DEFAULT_SIM_SECRET, startSim, type SimHandle } from '../../src/sim/index.js';

let sim: SimHandle;
beforeAll(async () => {
  sim = await startSim({ eventSpacingMs: 5 });
});
afterAll(async () => {
  await sim.close();
});

describe('the healthy reference service', () => {
  it('passes the whole P1 suite 20 runs in a row, without retries', async () => {
    const settings = parseSettings({
      'base-url': sim.baseUrl,
      'jwt-secret': DEFAULT_SIM_SECRET,
      retries: '0',
      'wait-for-ready': '5',
      // the verdict is under test here, not the speed of a loaded CI machine
      'perf-targets':
        'api_response_ms=5000,ws_latency_ms=5000,agent_startup_ms=5000,message_processing_ms=5000',
    });
    for (let run = 1; run <= 20; run++) {
      const results = await runGate(settings);
      const failed = results.tests
        .filter((t) => t.status !== 'passed')
        .map((t) => `${t.id}: ${t.failure?.message}`);
      expect(failed, `run ${run}`).toEqual([]);
      expect(results.verdict, `run ${run}: ${results.reason}`).toBe('pass');
      expect(results.summary.total).toBeGreaterThanOrEqual(25);
      expect(results.metrics.every((m) => m.samples > 0)).toBe(true);
    }
  }, 120_000);
});
