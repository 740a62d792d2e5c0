/**
 * Every suite test passes against the healthy reference service and fails, with the
 * category in the fault matrix, against each fault that breaks what it checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL } from '../../src/config/protocol.js';
import type { TestResult } from '../../src/model.js';
import { buildSuite } from '../../src/suite/index.js';
import { FAULT_MATRIX, SCENARIOS, type ScenarioName } from './fault-matrix.js';
import { runTests, settingsFor, startScenario } from './harness.js';

const allIds = buildSuite(DEFAULT_PROTOCOL).flatMap((m) => m.tests.map((t) => t.id));

describe('the fault matrix', () => {
  it('names every suite test at least once, and only suite tests', () => {
    const named = new Set(FAULT_MATRIX.map((r) => r.test));
    expect(allIds.filter((id) => !named.has(id))).toEqual([]);
    expect([...named].filter((id) => !allIds.includes(id))).toEqual([]);
  });
});

/** The results of each scenario's tests, run once per scenario, all scenarios in parallel. */
const byScenario = new Map<ScenarioName, Map<string, TestResult>>();

beforeAll(async () => {
  const names = [...new Set(FAULT_MATRIX.map((r) => r.fault))];
  await Promise.all(
    names.map(async (name) => {
      const scenario = SCENARIOS[name];
      const sim = await startScenario(scenario);
      try {
        const ids = [...new Set(FAULT_MATRIX.filter((r) => r.fault === name).map((r) => r.test))];
        byScenario.set(name, await runTests(settingsFor(sim, scenario), { ids }));
      } finally {
        await sim.close();
      }
    }),
  );
}, 55_000);

afterAll(() => byScenario.clear());

describe.each(FAULT_MATRIX.map((r) => [`${r.test} × ${r.fault} → ${r.category}`, r] as const))(
  '%s',
  (_, row) => {
    it('fails with the expected category', () => {
      const result = byScenario.get(row.fault)?.get(row.test);
      expect(result, 'the test ran').toBeDefined();
      expect(result?.status, JSON.stringify(result?.failure)).toBe('failed');
      expect(result?.failure?.category, result?.failure?.message).toBe(row.category);
      if (row.stage) expect(result?.failure?.stage).toBe(row.stage);
    });

    // a failure tells a person on call what happened, not just that something did
    it('says what broke, in words no other failure uses', () => {
      const message = byScenario.get(row.fault)?.get(row.test)?.failure?.message;
      expect(message).toMatch(row.says);
      const others = FAULT_MATRIX.filter((r) => r.category !== row.category).map(
        (r) => byScenario.get(r.fault)?.get(r.test)?.failure?.message ?? '',
      );
      expect(others.length).toBeGreaterThan(0);
      expect(others.filter((m) => row.says.test(m))).toEqual([]);
    });
  },
);
