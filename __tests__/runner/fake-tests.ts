/** Fake SuiteTests for the runner's tests: bodies that pass, fail with facts, hang, flake. */
import {
  GateError,
  type FailureCategory,
  type FailureFacts,
  type MetricName,
} from '../../src/model.js';
import type { Clock } from '../../src/runner/clock.js';
import type { AttemptScope, SuiteTest } from '../../src/suite/types.js';

/** What the fake context gives a body: the attempt's scope and the run's clock. */
export interface FakeCtx {
  scope: AttemptScope;
  clock: Clock;
}

export function fakeTest(
  id: string,
  run: (ctx: FakeCtx) => Promise<void>,
  extra: Partial<SuiteTest<FakeCtx>> = {},
): SuiteTest<FakeCtx> {
  const module = id.split('/')[0];
  return { id, module, title: `title of ${id}`, priority: 1, run, ...extra };
}

export const passes = async (): Promise<void> => {};

export function failsWith(facts: FailureFacts, category?: FailureCategory, message = 'it broke') {
  return async (): Promise<void> => {
    throw new GateError(message, facts, category);
  };
}

/** never settles and never looks at its signal */
export const hangs = (): Promise<void> => new Promise<void>(() => {});

/** fails the first `failures` attempts (1011 close), then passes */
export function flaky(failures = 1) {
  let calls = 0;
  return async (): Promise<void> => {
    calls += 1;
    if (calls <= failures) throw new GateError(`attempt ${calls} closed 1011`, { closeCode: 1011 });
  };
}

export function sleeps(ms: number) {
  return async ({ clock, scope }: FakeCtx): Promise<void> => {
    await clock.sleep(ms, scope.signal);
  };
}

export function recordsThenFails(name: MetricName, values: number[]) {
  return async ({ scope }: FakeCtx): Promise<void> => {
    for (const v of values) scope.metrics.record(name, v);
    throw new GateError('too slow', { kind: 'status', httpStatus: 500 });
  };
}
