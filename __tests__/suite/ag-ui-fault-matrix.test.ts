/**
 * Every AG-UI suite test passes on the healthy reference service (in each healthy variant)
 * and fails, with the category in the fault matrix, under each fault that breaks what it
 * checks; the matrix names every test of the suite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResult } from '../../src/model.js';
import { startAgUiSim } from '../../src/sim/ag-ui/index.js';
import {
  AG_UI_FAULT_MATRIX,
  AG_UI_SCENARIOS,
  HEALTHY_VARIANTS,
  type AgUiScenario,
  type AgUiScenarioName,
} from './ag-ui-fault-matrix.js';
import { agUiSettings, agUiTests, runAgUiTests } from './ag-ui-harness.js';

const ids = agUiTests(
  agUiSettings(
    { baseUrl: 'http://127.0.0.1:1', agentUrl: 'http://127.0.0.1:1/agent' },
    { 'health-path': '/health' },
  ),
).map((t) => t.id);

async function runScenario(
  scenario: AgUiScenario,
  only?: string[],
): Promise<Map<string, TestResult>> {
  const sim = await startAgUiSim({ eventSpacingMs: 5, ...scenario.sim });
  try {
    const settings = agUiSettings(
      sim,
      { 'health-path': '/health', ...scenario.inputs },
      { fast: scenario.fast ?? false },
    );
    return await runAgUiTests(settings, only);
  } finally {
    await sim.close();
  }
}

describe('the AG-UI fault matrix', () => {
  it('names every AG-UI suite test at least once, and only suite tests', () => {
    const named = new Set(AG_UI_FAULT_MATRIX.map((r) => r.test));
    expect(ids.filter((id) => !named.has(id))).toEqual([]);
    expect([...named].filter((id) => !ids.includes(id))).toEqual([]);
  });
});

const healthy = new Map<string, Map<string, TestResult>>();
const byScenario = new Map<AgUiScenarioName, Map<string, TestResult>>();

beforeAll(async () => {
  for (const [name, scenario] of Object.entries(HEALTHY_VARIANTS)) {
    healthy.set(name, await runScenario(scenario));
  }
  const names = [...new Set(AG_UI_FAULT_MATRIX.map((r) => r.fault))];
  await Promise.all(
    names.map(async (name) => {
      const only = [
        ...new Set(AG_UI_FAULT_MATRIX.filter((r) => r.fault === name).map((r) => r.test)),
      ];
      byScenario.set(name, await runScenario(AG_UI_SCENARIOS[name], only));
    }),
  );
}, 90_000);

afterAll(() => {
  healthy.clear();
  byScenario.clear();
});

describe.each(Object.keys(HEALTHY_VARIANTS))('the healthy service (%s)', (variant) => {
  it.each(ids)('%s passes', (id) => {
    const result = healthy.get(variant)?.get(id);
    expect(result?.status, JSON.stringify(result?.failure ?? result?.skipReason)).toBe('passed');
  });
});

describe.each(
  AG_UI_FAULT_MATRIX.map((r) => [`${r.test} × ${r.fault} → ${r.category}`, r] as const),
)('%s', (_, row) => {
  it('fails with the expected category', () => {
    const result = byScenario.get(row.fault)?.get(row.test);
    expect(result, 'the test ran').toBeDefined();
    expect(result?.status, JSON.stringify(result?.failure)).toBe('failed');
    expect(result?.failure?.category, result?.failure?.message).toBe(row.category);
    if (row.stage) expect(result?.failure?.stage).toBe(row.stage);
    expect(result?.failure?.message.length).toBeGreaterThan(20);
  });
});
