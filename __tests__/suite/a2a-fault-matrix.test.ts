/**
 * Every A2A suite test fails, with the category in the A2A fault matrix, against each fault
 * of the reference A2A agent that breaks what it checks, in v1.0 and in v0.3; and the
 * matrix names every A2A suite test (the passing side is a2a-healthy.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricName, TestResult } from '../../src/model.js';
import { finalizeMetrics, type MetricRecorder } from '../../src/runner/metrics.js';
import { A2A_METRICS } from '../../src/suite/a2a/suite.js';
import { A2A_FAULT_MATRIX, A2A_SCENARIOS, type A2aScenarioName } from './a2a-fault-matrix.js';
import { a2aSettings, a2aTests, runA2a, startA2aScenario } from './a2a-harness.js';

const VERSIONS = ['1.0', '0.3'] as const;

describe('the A2A fault matrix', () => {
  it.each(VERSIONS)('names every A2A suite test of v%s, and only suite tests', (version) => {
    const ids = a2aTests(a2aSettings('http://127.0.0.1:1', {}, {}, version)).map((t) => t.id);
    const named = new Set(A2A_FAULT_MATRIX.map((r) => r.test));
    expect(ids.filter((id) => !named.has(id))).toEqual([]);
    if (version === '1.0') expect([...named].filter((id) => !ids.includes(id))).toEqual([]);
  });
});

type Outcome = {
  results: Map<string, TestResult>;
  metrics: MetricRecorder;
  targets: Record<MetricName, number>;
};
const byScenario = new Map<string, Outcome>();
const key = (version: string, name: A2aScenarioName): string => `${version} ${name}`;

beforeAll(async () => {
  const names = [...new Set(A2A_FAULT_MATRIX.map((r) => r.fault))];
  for (const version of VERSIONS) {
    await Promise.all(
      names.map(async (name) => {
        const scenario = A2A_SCENARIOS[name];
        const sim = await startA2aScenario(scenario, version);
        try {
          const settings = a2aSettings(sim.baseUrl, scenario, {}, version);
          const known = new Set(a2aTests(settings).map((t) => t.id));
          const ids = [
            ...new Set(A2A_FAULT_MATRIX.filter((r) => r.fault === name).map((r) => r.test)),
          ].filter((id) => known.has(id));
          const run = await runA2a(settings, { ids });
          byScenario.set(key(version, name), { ...run, targets: settings.perfTargets });
        } finally {
          await sim.close();
        }
      }),
    );
  }
}, 110_000);

afterAll(() => byScenario.clear());

const rows = VERSIONS.flatMap((version) =>
  A2A_FAULT_MATRIX.filter((r) => version === '1.0' || r.test !== 'errors/unsupported-version').map(
    (r) => [`v${version} ${r.test} × ${r.fault} → ${r.category}`, version, r] as const,
  ),
);

describe.each(rows)('%s', (_, version, row) => {
  it('fails with the expected category', () => {
    const outcome = byScenario.get(key(version, row.fault));
    const result = outcome?.results.get(row.test);
    expect(result, 'the test ran').toBeDefined();
    if (row.category === 'performance_breach' && outcome) {
      // a performance test stands for its metric: the metric's verdict is the test's
      const metric = a2aTests(a2aSettings('http://127.0.0.1:1', {}, {}, version)).find(
        (t) => t.id === row.test,
      )?.metric;
      expect(metric, row.test).toBeDefined();
      const results = finalizeMetrics(outcome.metrics, outcome.targets, A2A_METRICS);
      expect(results.find((m) => m.name === metric)?.status, metric).toBe('breached');
      return;
    }
    expect(result?.status, JSON.stringify(result?.failure)).toBe('failed');
    expect(result?.failure?.category, result?.failure?.message).toBe(row.category);
    expect(result?.failure?.message.length).toBeGreaterThan(20);
  });
});
