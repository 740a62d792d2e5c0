/**
 * Runs chosen suite tests against the reference service the way the gate does: real
 * settings from inputs, the suite's context factory, the runner's `runSuite`. One sim per
 * scenario; the caller closes it.
 */
import { parseSettings } from '../../src/config/parse-settings.js';
import { DEFAULT_PERF_TARGETS, type Settings } from '../../src/config/settings.js';
import type { TestResult } from '../../src/model.js';
import type { MetricRecorder } from '../../src/runner/metrics.js';
import { finalizeMetrics, judgeByMetrics, metricOfTests } from '../../src/runner/metrics.js';
import { runSuite } from '../../src/runner/run-suite.js';
import { skipReasonFor } from '../../src/pipeline/skip.js';
import { DEFAULT_SIM_SECRET, startSim, type SimHandle, type SimInit } from '../../src/sim/index.js';
import { createSuiteContext } from '../../src/suite/context.js';
import { buildSuite } from '../../src/suite/index.js';
import type { SuiteTest } from '../../src/suite/types.js';

export interface Scenario {
  faults?: string[];
  sim?: SimInit;
  /** short timing rules and request timeouts, for faults that end in a timeout */
  fast?: boolean;
  settings?: (s: Settings, sim: SimHandle) => Settings;
}

/**
 * Generous targets: these tests judge correctness, and a loaded CI machine must not fail a
 * healthy run on latency. Performance faults put the real targets back (`SEED_TARGETS`) and
 * slow the service by far more than the margin, so that their breach is certain.
 */
export const LENIENT_TARGETS =
  'api_response_ms=2000,ws_latency_ms=1000,agent_startup_ms=5000,message_processing_ms=5000';

export function withSeedTargets(s: Settings): Settings {
  return { ...s, perfTargets: { ...DEFAULT_PERF_TARGETS } };
}

/** suite-config `mcp.checkListedServers: true`: the mcp-servers checks run. */
export function withListedServers(s: Settings): Settings {
  return {
    ...s,
    protocol: { ...s.protocol, mcp: { ...s.protocol.mcp, checkListedServers: true } },
  };
}

export function settingsFor(
  sim: SimHandle,
  scenario: Scenario = {},
  raw: Record<string, string> = {},
): Settings {
  const base = parseSettings({
    'base-url': sim.baseUrl,
    'ws-url': sim.wsUrl,
    'jwt-secret': DEFAULT_SIM_SECRET,
    'wait-for-ready': '0',
    'concurrent-users': '8',
    'perf-targets': LENIENT_TARGETS,
    ...raw,
  });
  const fast: Settings = scenario.fast
    ? {
        ...base,
        protocol: {
          ...base.protocol,
          requestTimeoutMs: 1_500,
          timing: { eventWithinMs: 1_500, runWithinMs: 3_000, maxGapMs: 1_000 },
        },
      }
    : base;
  return scenario.settings ? scenario.settings(fast, sim) : fast;
}

export function startScenario(scenario: Scenario): Promise<SimHandle> {
  return startSim({
    eventSpacingMs: 5,
    heartbeatMs: 0,
    ...scenario.sim,
    faults: scenario.faults ?? [],
  });
}

export function allTests(settings: Settings): SuiteTest[] {
  return buildSuite(settings.protocol).flatMap((m) => m.tests) as SuiteTest[];
}

/** Runs the tests with these ids (or all of the given priorities) and returns results by id. */
export async function runTests(
  settings: Settings,
  select: { ids?: readonly string[]; priorities?: readonly number[] },
  opts: { concurrency?: number } = {},
): Promise<Map<string, TestResult>> {
  return (await runWithMetrics(settings, select, opts)).results;
}

export async function runWithMetrics(
  settings: Settings,
  select: { ids?: readonly string[]; priorities?: readonly number[] },
  opts: { concurrency?: number } = {},
): Promise<{ results: Map<string, TestResult>; metrics: MetricRecorder }> {
  const tests = allTests(settings).filter(
    (t) =>
      (select.ids ? select.ids.includes(t.id) : true) &&
      (select.priorities ? select.priorities.includes(t.priority) : true),
  );
  if (select.ids && tests.length !== select.ids.length) {
    throw new Error(
      `unknown test ids: ${select.ids.filter((id) => !tests.some((t) => t.id === id)).join(', ')}`,
    );
  }
  const factory = createSuiteContext(settings);
  try {
    const { results, metrics } = await runSuite({
      tests,
      createContext: factory,
      concurrency: opts.concurrency ?? 4,
      retries: 0,
      deadlineMs: 50_000,
      defaultTestTimeoutMs: 20_000,
      skip: (t) => skipReasonFor(t, settings.auth),
    });
    // as the gate does: the performance tests take their metric's verdict from the table
    const judged = judgeByMetrics(
      results,
      finalizeMetrics(metrics, settings.perfTargets),
      settings.perfGate,
      metricOfTests(tests),
    );
    return { results: new Map(judged.map((r) => [r.id, r])), metrics };
  } finally {
    factory.close();
  }
}
