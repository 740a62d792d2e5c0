/**
 * Every `mcp` suite test passes against the healthy MCP reference server, in each of its
 * healthy variants (SSE answers, JSON answers, stateless, paginated tools), and fails with
 * the category of the fault matrix against each fault that breaks what it checks; and the
 * gate calls only the tools suite-config declares.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResult, ToolCallCount } from '../../src/model.js';
import { MCP_FAULTS, type McpSimVariant } from '../../src/sim/mcp/index.js';
import type { ToolCallRecord } from '../../src/sim/mcp/index.js';
import { MCP_FAULT_MATRIX, MCP_SCENARIOS, type McpScenarioName } from './mcp-fault-matrix.js';
import {
  allMcpTests,
  mcpSettingsFor,
  runMcpTests,
  scenarioSettings,
  SIM_MCP_CONFIG,
  startMcpScenario,
  type McpScenario,
} from './mcp-harness.js';

const allIds = allMcpTests(mcpSettingsFor('http://127.0.0.1:1/mcp')).map((t) => t.id);
const VARIANTS: McpSimVariant[] = ['sse', 'json', 'stateless', 'paginated'];

const byScenario = new Map<McpScenarioName, Map<string, TestResult>>();
const healthy = new Map<
  McpSimVariant,
  { results: Map<string, TestResult>; toolCalls: ToolCallCount[]; received: ToolCallRecord[] }
>();

beforeAll(async () => {
  const names = [...new Set(MCP_FAULT_MATRIX.map((r) => r.fault))];
  await Promise.all([
    ...names.map(async (name) => {
      const scenario = MCP_SCENARIOS[name];
      const sim = await startMcpScenario(scenario);
      try {
        const ids = [
          ...new Set(MCP_FAULT_MATRIX.filter((r) => r.fault === name).map((r) => r.test)),
        ];
        byScenario.set(name, (await runMcpTests(scenarioSettings(sim, scenario), ids)).results);
      } finally {
        await sim.close();
      }
    }),
    ...VARIANTS.map(async (variant) => {
      const sim = await startMcpScenario({ sim: { variant } });
      try {
        const run = await runMcpTests(scenarioSettings(sim, {}));
        healthy.set(variant, { ...run, received: sim.calls() });
      } finally {
        await sim.close();
      }
    }),
  ]);
}, 55_000);

afterAll(() => byScenario.clear());

describe('the mcp fault matrix', () => {
  it('names every mcp suite test at least once, and only mcp suite tests', () => {
    const named = new Set(MCP_FAULT_MATRIX.map((r) => r.test));
    expect(allIds.filter((id) => !named.has(id))).toEqual([]);
    expect([...named].filter((id) => !allIds.includes(id))).toEqual([]);
  });

  it('uses every fault of the MCP sim catalog', () => {
    const used = new Set(
      MCP_FAULT_MATRIX.flatMap((r) => (MCP_SCENARIOS[r.fault] as McpScenario).faults ?? []).map(
        (f) => f.split(':')[0],
      ),
    );
    const unused = MCP_FAULTS.map((f) => f.name.split(':')[0]).filter((n) => !used.has(n));
    expect(unused).toEqual([]);
  });
});

describe.each(VARIANTS)('the healthy MCP sim, variant %s', (variant) => {
  it('passes every mcp suite test', () => {
    const run = healthy.get(variant);
    expect(run, 'the variant ran').toBeDefined();
    const notPassed = [...(run?.results.values() ?? [])]
      .filter((r) => r.status !== 'passed')
      .map((r) => `${r.id}: ${r.status} ${r.failure?.message ?? r.skipReason ?? ''}`);
    expect(notPassed).toEqual([]);
    expect(run?.results.size).toBe(allIds.length);
  });

  it('received only the declared smoke call and one unknown tool, as the ledger records', () => {
    const run = healthy.get(variant);
    const declared = SIM_MCP_CONFIG.calls[0];
    const received = run?.received ?? [];
    const unknown = received.filter((c) => c.tool.startsWith('staging-gate-no-such-tool-'));
    const rest = received.filter((c) => !unknown.includes(c));
    expect(unknown).toHaveLength(1);
    expect(rest.length).toBeGreaterThan(0);
    for (const c of rest)
      expect({ tool: c.tool, arguments: c.arguments }).toEqual({
        tool: declared.tool,
        arguments: declared.arguments,
      });
    expect(run?.toolCalls.sort((a, b) => a.why.localeCompare(b.why))).toEqual([
      { tool: unknown[0]?.tool, why: 'absent', calls: 1 },
      { tool: 'echo', why: 'declared', calls: rest.length },
    ]);
  });
});

describe.each(MCP_FAULT_MATRIX.map((r) => [`${r.test} × ${r.fault} → ${r.category}`, r] as const))(
  '%s',
  (_, row) => {
    it('fails with the expected category, naming what broke', () => {
      const result = byScenario.get(row.fault)?.get(row.test);
      expect(result, 'the test ran').toBeDefined();
      expect(result?.status, JSON.stringify(result?.failure)).toBe('failed');
      expect(result?.failure?.category, result?.failure?.message).toBe(row.category);
      expect(result?.failure?.message).toContain(row.names);
    });
  },
);
