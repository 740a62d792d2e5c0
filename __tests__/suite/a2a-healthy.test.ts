/**
 * The passing side of every A2A suite test: against the healthy reference A2A agent, v1.0
 * and v0.3, every test of priorities 1 and 2 passes and every A2A metric is measured.
 */
import { describe, expect, it } from 'vitest';
import { A2A_METRICS } from '../../src/suite/a2a/suite.js';
import { a2aSettings, failuresOf, runA2a, startA2aScenario } from './a2a-harness.js';

describe.each(['1.0', '0.3'] as const)(
  'against the healthy reference A2A agent, v%s',
  (version) => {
    it('passes every test, measuring every metric', async () => {
      const sim = await startA2aScenario({}, version);
      try {
        const { results, metrics } = await runA2a(a2aSettings(sim.baseUrl, {}, {}, version), {
          priorities: [1, 2],
        });
        expect(results.size).toBeGreaterThanOrEqual(version === '1.0' ? 22 : 21);
        expect(failuresOf(results)).toEqual([]);
        for (const name of A2A_METRICS)
          expect(metrics.histogram(name).count, name).toBeGreaterThan(0);
      } finally {
        await sim.close();
      }
    }, 40_000);
  },
);
