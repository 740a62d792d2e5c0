/**
 * Runs chosen AG-UI suite tests against an AG-UI service the way the gate does: settings
 * from inputs (`protocol: ag-ui`), the suite's context factory, the runner's `runSuite`, and
 * the performance tests judged by their metric. The caller starts and closes the service.
 */
import { parseSettings } from '../../src/config/parse-settings.js';
import type { Settings } from '../../src/config/settings.js';
import type { TestResult } from '../../src/model.js';
import { skipReasonFor } from '../../src/pipeline/skip.js';
import { finalizeMetrics, judgeByMetrics, metricOfTests } from '../../src/runner/metrics.js';
import { runSuite } from '../../src/runner/run-suite.js';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';
import { AG_UI_METRICS, agUiSuite } from '../../src/suite/ag-ui/index.js';
import type { SuiteTest } from '../../src/suite/types.js';

/** Generous targets: these runs judge correctness, not a loaded CI machine's latency. */
export const LENIENT_AG_UI_TARGETS =
  'agent_startup_ms=5000,time_to_first_token_ms=5000,run_duration_ms=10000';
/** Tight targets for the performance faults, which slow the service by far more. */
export const TIGHT_AG_UI_TARGETS =
  'agent_startup_ms=150,time_to_first_token_ms=150,run_duration_ms=250';
export const TOOL_PROMPT = 'staging-gate: call a tool, please';

export interface AgUiTarget {
  baseUrl: string;
  agentUrl: string;
}

export function agUiSettings(
  target: AgUiTarget,
  raw: Record<string, string> = {},
  opts: { toolPrompt?: string | null; fast?: boolean } = {},
): Settings {
  const base = parseSettings({
    'base-url': target.baseUrl,
    protocol: 'ag-ui',
    'agent-url': target.agentUrl,
    'jwt-secret': DEFAULT_SIM_SECRET,
    'wait-for-ready': '0',
    'concurrent-users': '8',
    'perf-targets': LENIENT_AG_UI_TARGETS,
    ...raw,
  });
  const toolPrompt = opts.toolPrompt === null ? undefined : (opts.toolPrompt ?? TOOL_PROMPT);
  const { toolPrompt: _none, ...protocol } = base.protocol;
  return {
    ...base,
    protocol: {
      ...protocol,
      ...(toolPrompt !== undefined ? { toolPrompt } : {}),
      ...(opts.fast
        ? {
            requestTimeoutMs: 1_500,
            timing: { eventWithinMs: 1_000, runWithinMs: 3_000, maxGapMs: 1_000 },
          }
        : {}),
    },
  };
}

export function agUiTests(settings: Settings): SuiteTest[] {
  return agUiSuite.modules(settings).flatMap((m) => m.tests) as SuiteTest[];
}

/** Runs the tests with these ids (all when none) and returns the results by id. */
export async function runAgUiTests(
  settings: Settings,
  ids?: readonly string[],
): Promise<Map<string, TestResult>> {
  const tests = agUiTests(settings).filter((t) => (ids ? ids.includes(t.id) : true));
  if (ids && tests.length !== ids.length) {
    throw new Error(
      `unknown test ids: ${ids.filter((id) => !tests.some((t) => t.id === id)).join(', ')}`,
    );
  }
  const factory = agUiSuite.createContext(settings, {});
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
    const judged = judgeByMetrics(
      results,
      finalizeMetrics(metrics, settings.perfTargets, AG_UI_METRICS),
      settings.perfGate,
      metricOfTests(tests),
    );
    return new Map(judged.map((r) => [r.id, r]));
  } finally {
    factory.close();
  }
}
