/**
 * Runs chosen `mcp` suite tests against an MCP server the way the gate does: settings from
 * inputs (`protocol: mcp`), the suite's context factory, the runner's `runSuite`.
 */
import type { McpConfig } from '../../src/config/protocol.js';
import { parseSettings } from '../../src/config/parse-settings.js';
import { DEFAULT_PERF_TARGETS, type Settings } from '../../src/config/settings.js';
import type { TestResult, ToolCallCount } from '../../src/model.js';
import { skipReasonFor } from '../../src/pipeline/skip.js';
import { finalizeMetrics, judgeByMetrics, metricOfTests } from '../../src/runner/metrics.js';
import { mcpSuite } from '../../src/suite/mcp/suite.js';
import { runSuite } from '../../src/runner/run-suite.js';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';
import { startMcpSim, type McpSimHandle, type McpSimInit } from '../../src/sim/mcp/index.js';
import { createMcpContext } from '../../src/suite/mcp/context.js';
import { mcpModules } from '../../src/suite/mcp/suite.js';
import type { SuiteTest } from '../../src/suite/types.js';

/** The tools and the one smoke call the reference server's suite-config declares. */
export const SIM_MCP_CONFIG: McpConfig = {
  tools: ['echo', 'query_usage'],
  calls: [{ tool: 'echo', arguments: { text: 'hello gate' }, expectText: 'hello gate' }],
  checkListedServers: false,
};

/** Generous targets: correctness tests must not fail a healthy run on a loaded machine. */
export const MCP_LENIENT_TARGETS = 'api_response_ms=2000,tool_call_ms=5000';

export interface McpScenario {
  faults?: string[];
  sim?: McpSimInit;
  /** the real targets (DEFAULT_PERF_TARGETS), for performance faults */
  realTargets?: boolean;
  settings?: (s: Settings) => Settings;
}

export function mcpSettingsFor(
  endpoint: string,
  raw: Record<string, string> = {},
  mcp: McpConfig = SIM_MCP_CONFIG,
): Settings {
  const base = parseSettings({
    'base-url': new URL(endpoint).origin,
    protocol: 'mcp',
    'agent-url': endpoint,
    'jwt-secret': DEFAULT_SIM_SECRET,
    'wait-for-ready': '0',
    'perf-targets': MCP_LENIENT_TARGETS,
    ...raw,
  });
  return { ...base, protocol: { ...base.protocol, requestTimeoutMs: 4_000, mcp } };
}

export function scenarioSettings(sim: McpSimHandle, scenario: McpScenario): Settings {
  let s = mcpSettingsFor(sim.agentUrl);
  if (scenario.realTargets) s = { ...s, perfTargets: { ...DEFAULT_PERF_TARGETS } };
  return scenario.settings ? scenario.settings(s) : s;
}

export function startMcpScenario(scenario: McpScenario): Promise<McpSimHandle> {
  return startMcpSim({ ...scenario.sim, faults: scenario.faults ?? [] });
}

export function allMcpTests(settings: Settings): SuiteTest[] {
  return mcpModules(settings).flatMap((m) => m.tests) as SuiteTest[];
}

export async function runMcpTests(
  settings: Settings,
  ids?: readonly string[],
): Promise<{ results: Map<string, TestResult>; toolCalls: ToolCallCount[] }> {
  const tests = allMcpTests(settings).filter((t) => (ids ? ids.includes(t.id) : true));
  if (ids && tests.length !== ids.length) throw new Error(`unknown test ids in ${ids.join(', ')}`);
  const factory = createMcpContext(settings);
  try {
    const { results, metrics } = await runSuite({
      tests,
      createContext: factory,
      concurrency: 4,
      retries: 0,
      deadlineMs: 50_000,
      defaultTestTimeoutMs: 20_000,
      skip: (t) => skipReasonFor(t, settings.auth),
    });
    // a performance test's outcome is its metric's verdict in the table, as in a run
    const judged = judgeByMetrics(
      results,
      finalizeMetrics(metrics, settings.perfTargets, mcpSuite.metrics),
      settings.perfGate,
      metricOfTests(tests),
    );
    return { results: new Map(judged.map((r) => [r.id, r])), toolCalls: factory.ledger.entries() };
  } finally {
    factory.close();
  }
}
