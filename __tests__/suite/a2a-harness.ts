/**
 * Runs chosen A2A suite tests against the reference A2A agent (or any A2A agent at a URL)
 * the way the gate does: settings parsed from inputs, the a2a suite's context factory and
 * modules, the runner's `runSuite`.
 */
import { parseSettings } from '../../src/config/parse-settings.js';
import { DEFAULT_PERF_TARGETS, type Settings } from '../../src/config/settings.js';
import type { TestResult } from '../../src/model.js';
import type { MetricRecorder } from '../../src/runner/metrics.js';
import { runSuite } from '../../src/runner/run-suite.js';
import { skipReasonFor } from '../../src/pipeline/skip.js';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';
import { startA2aSim, type A2aSimHandle, type A2aSimInit } from '../../src/sim/a2a/index.js';
import { a2aSuite } from '../../src/suite/a2a/suite.js';
import type { SuiteTest } from '../../src/suite/types.js';

export interface A2aScenario {
  faults?: string[];
  sim?: Omit<A2aSimInit, 'faults'>;
  /** short timeouts, for faults that end in one */
  fast?: boolean;
  settings?: (s: Settings) => Settings;
}

export const A2A_LENIENT_TARGETS =
  'agent_startup_ms=5000,time_to_first_token_ms=5000,run_duration_ms=10000';

export function withSeedTargets(s: Settings): Settings {
  return { ...s, perfTargets: { ...DEFAULT_PERF_TARGETS } };
}

/** Settings of a run against an A2A agent at `baseUrl`. */
export function a2aSettings(
  baseUrl: string,
  scenario: A2aScenario = {},
  raw: Record<string, string> = {},
  a2aVersion: '1.0' | '0.3' = '1.0',
): Settings {
  const base = parseSettings({
    'base-url': baseUrl,
    protocol: 'a2a',
    'jwt-secret': DEFAULT_SIM_SECRET,
    'wait-for-ready': '0',
    'concurrent-users': '8',
    'perf-targets': A2A_LENIENT_TARGETS,
    ...raw,
  });
  const protocol = {
    ...base.protocol,
    a2a: { version: a2aVersion },
    ...(scenario.fast
      ? {
          requestTimeoutMs: 1_500,
          timing: { eventWithinMs: 1_500, runWithinMs: 3_000, maxGapMs: 1_000 },
        }
      : {}),
  };
  const s: Settings = { ...base, protocol };
  return scenario.settings ? scenario.settings(s) : s;
}

export function startA2aScenario(
  scenario: A2aScenario,
  a2aVersion: '1.0' | '0.3' = '1.0',
): Promise<A2aSimHandle> {
  return startA2aSim({
    eventSpacingMs: 15,
    a2aVersion,
    ...scenario.sim,
    faults: scenario.faults ?? [],
  });
}

export function a2aTests(settings: Settings): SuiteTest[] {
  return a2aSuite.modules(settings).flatMap((m) => m.tests) as SuiteTest[];
}

export async function runA2a(
  settings: Settings,
  select: { ids?: readonly string[]; priorities?: readonly number[] } = {},
): Promise<{ results: Map<string, TestResult>; metrics: MetricRecorder }> {
  const tests = a2aTests(settings).filter(
    (t) =>
      (select.ids ? select.ids.includes(t.id) : true) &&
      (select.priorities ? select.priorities.includes(t.priority) : true),
  );
  if (select.ids && tests.length !== select.ids.length) {
    throw new Error(
      `unknown test ids: ${select.ids.filter((id) => !tests.some((t) => t.id === id)).join(', ')}`,
    );
  }
  const factory = a2aSuite.createContext(settings, {});
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
    return { results: new Map(results.map((r) => [r.id, r])), metrics };
  } finally {
    factory.close();
  }
}

export function failuresOf(results: Map<string, TestResult>): string[] {
  return [...results.values()]
    .filter((r) => r.status !== 'passed')
    .map(
      (r) =>
        `${r.id}: ${r.status} ${r.failure?.category ?? ''} ${r.failure?.message ?? r.skipReason ?? ''}`,
    );
}
