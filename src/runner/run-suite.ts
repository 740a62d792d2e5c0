/**
 * Runs the selected tests: a small pool (heavier tests first), per-attempt timeouts,
 * retries (a pass on a retry is `flaky`), and the run's global deadline. Every test gets
 * exactly one result, in input order, whatever happens to it: a test that could not start
 * before the deadline fails as a timeout rather than silently vanishing from the report.
 * The runner never throws because of a test; what a test throws becomes its failure.
 */
import type { Failure, TestResult } from '../model.js';
import type { AttemptScope, SuiteTest } from '../suite/types.js';
import { DEADLINE_STAGE, runAttempt } from './attempt.js';
import { classifyFailure } from './classify.js';
import { systemClock, type Clock } from './clock.js';
import { MetricRecorder } from './metrics.js';
import { resolveCritical, weightOf } from './select.js';

export type SuiteProgressEvent =
  | { type: 'test-start'; test: SuiteTest<unknown>; attempt: number }
  /** `attempt` failed with `failure` and another attempt follows */
  | { type: 'retry'; test: SuiteTest<unknown>; attempt: number; failure: Failure }
  | { type: 'test-end'; result: TestResult };

export interface RunSuiteOptions<Ctx> {
  tests: readonly SuiteTest<Ctx>[];
  /** builds the context of one attempt (the suite's TestContext); may be async, may throw */
  createContext: (scope: AttemptScope) => Ctx | Promise<Ctx>;
  /** tests running at once (≥ 1) */
  concurrency: number;
  /** extra attempts after a failed one */
  retries: number;
  /** per-attempt timeout of tests that declare none (default 60 000) */
  defaultTestTimeoutMs?: number;
  /** the run's global timeout, ms from the call: running tests fail as timeouts, stage `deadline` */
  deadlineMs: number;
  /** `critical-tests` globs; null or absent = the suite's own flags, else every priority-1 test */
  criticalGlobs?: readonly string[] | null;
  /** returns why a test cannot run with the run's credentials, or undefined to run it */
  skip?: (test: SuiteTest<Ctx>) => string | undefined;
  clock?: Clock;
  /** how long an aborted body may take to fail with its own facts (default 1000) */
  abortGraceMs?: number;
  /** where samples go (default: a new recorder, returned) */
  metrics?: MetricRecorder;
  onEvent?: (event: SuiteProgressEvent) => void;
}

export interface RunSuiteResult {
  /** one per input test, in input order */
  results: TestResult[];
  metrics: MetricRecorder;
}

export async function runSuite<Ctx>(options: RunSuiteOptions<Ctx>): Promise<RunSuiteResult> {
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? new MetricRecorder();
  const run: RunState<Ctx> = {
    options,
    clock,
    metrics,
    deadlineAt: clock.now() + Math.max(0, options.deadlineMs),
    retries: Math.max(0, Math.floor(options.retries)),
  };

  const tests = options.tests;
  // Heaviest first so a long test does not start last and stretch the run; ties keep input order.
  const queue = tests
    .map((test, index) => ({ index, weight: weightOf(test) }))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((item) => item.index);
  const results = new Array<TestResult>(tests.length);
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const index = queue[next++];
      const result = await runTest(run, tests[index]);
      results[index] = result;
      emit(options, { type: 'test-end', result });
    }
  };
  const poolSize = Math.max(1, Math.min(Math.floor(options.concurrency) || 1, tests.length));
  await Promise.all(Array.from({ length: poolSize }, worker));
  return { results, metrics };
}

interface RunState<Ctx> {
  options: RunSuiteOptions<Ctx>;
  clock: Clock;
  metrics: MetricRecorder;
  deadlineAt: number;
  retries: number;
}

async function runTest<Ctx>(run: RunState<Ctx>, test: SuiteTest<Ctx>): Promise<TestResult> {
  const { options, clock } = run;
  const base = {
    id: test.id,
    module: test.module,
    title: test.title,
    priority: test.priority,
    critical: resolveCritical(test, options.criticalGlobs ?? null),
  };

  const skipped = skipReason(options, test);
  if (skipped.failure) {
    return { ...base, status: 'failed', durationMs: 0, attempts: 0, failure: skipped.failure };
  }
  if (skipped.reason !== undefined) {
    return { ...base, status: 'skipped', durationMs: 0, attempts: 0, skipReason: skipped.reason };
  }

  const testTimeoutMs = test.timeoutMs ?? options.defaultTestTimeoutMs ?? 60_000;
  let firstFailure: Failure | undefined;
  let attempts = 0;
  let durationMs = 0;

  for (let attempt = 1; attempt <= run.retries + 1; attempt++) {
    const remaining = run.deadlineAt - clock.now();
    if (remaining <= 0) break;
    emit(options, { type: 'test-start', test: test as SuiteTest<unknown>, attempt });
    const outcome = await runAttempt({
      test,
      attempt,
      createContext: options.createContext,
      metrics: run.metrics,
      clock,
      timeoutMs: Math.min(testTimeoutMs, remaining),
      limit: remaining < testTimeoutMs ? 'deadline' : 'test',
      graceMs: options.abortGraceMs ?? 1000,
    });
    attempts = attempt;
    durationMs += outcome.durationMs;
    if (outcome.ok) {
      const status = attempt === 1 ? 'passed' : 'flaky';
      const result: TestResult = { ...base, status, durationMs: Math.round(durationMs), attempts };
      if (firstFailure) result.failure = firstFailure;
      return result;
    }
    const failure =
      outcome.failure ?? classifyFailure(new Error('attempt failed without a failure'));
    // The first attempt's failure is the symptom; a retry can be polluted by its state.
    firstFailure ??= failure;
    const retryLeft = attempt <= run.retries && run.deadlineAt - clock.now() > 0;
    if (!retryLeft) break;
    emit(options, { type: 'retry', test: test as SuiteTest<unknown>, attempt, failure });
  }

  return {
    ...base,
    status: 'failed',
    durationMs: Math.round(durationMs),
    attempts,
    failure: firstFailure ?? notStartedFailure(options.deadlineMs),
  };
}

function notStartedFailure(deadlineMs: number): Failure {
  return {
    category: 'timeout',
    stage: DEADLINE_STAGE,
    message: `not started: the run's global timeout (${(deadlineMs / 1000).toFixed(1)} s) was reached before this test could run`,
  };
}

function skipReason<Ctx>(
  options: RunSuiteOptions<Ctx>,
  test: SuiteTest<Ctx>,
): { reason?: string; failure?: Failure } {
  if (!options.skip) return {};
  try {
    return { reason: options.skip(test) };
  } catch (err) {
    // A broken skip rule must not hide the test: it fails, visibly.
    const failure = classifyFailure(err);
    return {
      failure: { ...failure, message: `deciding whether to skip failed: ${failure.message}` },
    };
  }
}

function emit<Ctx>(options: RunSuiteOptions<Ctx>, event: SuiteProgressEvent): void {
  try {
    options.onEvent?.(event);
  } catch {
    // A progress printer's bug must not change any test's result.
  }
}
