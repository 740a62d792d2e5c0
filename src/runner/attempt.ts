/**
 * One attempt of one test: build its context, run its body against a timer, and turn
 * whatever happened into a pass or a classified failure. The body is raced, not awaited:
 * a body that ignores its abort signal is abandoned (and its late rejection swallowed), so
 * one hung test can never hold the run past its timeout.
 */
import { setMaxListeners } from 'node:events';
import { GateError, type Failure, type MetricName } from '../model.js';
import type { AttemptScope, MetricSink, SuiteTest } from '../suite/types.js';
import { classifyFailure } from './classify.js';
import type { Clock } from './clock.js';
import { BoundedEvidenceLog } from './evidence-log.js';
import { redact } from '../config/redact.js';

/** which limit set an attempt's budget: its own timeout, or the run's global deadline */
export type AttemptLimit = 'test' | 'deadline';

export interface AttemptOptions<Ctx> {
  test: SuiteTest<Ctx>;
  attempt: number;
  createContext: (scope: AttemptScope) => Ctx | Promise<Ctx>;
  metrics: MetricSink;
  clock: Clock;
  /** the budget of this attempt, ms (> 0) */
  timeoutMs: number;
  limit: AttemptLimit;
  /** how long an aborted body may take to give up with its own facts */
  graceMs: number;
}

export interface AttemptOutcome {
  ok: boolean;
  failure?: Failure;
  durationMs: number;
  /** the budget ran out (the failure is a timeout) */
  timedOut: boolean;
}

/** stage of a failure when the attempt's own timeout fired */
export const TEST_TIMEOUT_STAGE = 'test_timeout';
/** stage of a failure when the run's global timeout fired */
export const DEADLINE_STAGE = 'deadline';

const TIMER = Symbol('timer');
type Settled = { ok: true } | { ok: false; err: unknown };

export async function runAttempt<Ctx>(options: AttemptOptions<Ctx>): Promise<AttemptOutcome> {
  const { test, clock, timeoutMs, limit } = options;
  const startedAt = clock.now();
  const abort = new AbortController();
  // Every session, wait and request of the attempt listens to this one signal: a load test
  // legitimately adds hundreds, which is no leak.
  setMaxListeners(0, abort.signal);
  const evidence = new BoundedEvidenceLog(clock, startedAt);
  const metrics = new AttemptMetrics(options.metrics);
  const scope: AttemptScope = {
    test: test as SuiteTest<unknown>,
    attempt: options.attempt,
    signal: abort.signal,
    metrics,
    evidence,
  };

  // Promise.resolve().then(...) turns a synchronous throw of createContext or run into a
  // rejection, and the trailing .then(ok, err) means this promise never rejects: a body
  // that fails after being abandoned cannot become an unhandled rejection.
  const body: Promise<Settled> = Promise.resolve()
    .then(() => options.createContext(scope))
    .then((ctx) => test.run(ctx))
    .then(
      (): Settled => ({ ok: true }),
      (err: unknown): Settled => ({ ok: false, err }),
    );

  let settled = await raceTimer(body, clock, timeoutMs);
  let timedOut = false;
  let stillRunning = false;
  if (settled === TIMER) {
    timedOut = true;
    const stage = limit === 'deadline' ? DEADLINE_STAGE : TEST_TIMEOUT_STAGE;
    const elapsedMs = clock.now() - startedAt;
    abort.abort(
      new GateError(timeoutMessage(limit, timeoutMs), { kind: 'timeout', stage, elapsedMs }),
    );
    // A well-behaved body now gives up with its own facts (the stage it was waiting in:
    // welcome, first_event …), which say more than "the timer fired".
    settled = await raceTimer(body, clock, options.graceMs);
    stillRunning = settled === TIMER;
  }
  evidence.close();
  metrics.close();
  const durationMs = clock.now() - startedAt;

  if (!timedOut && settled !== TIMER && settled.ok) return { ok: true, durationMs, timedOut };

  let failure: Failure;
  if (!timedOut && settled !== TIMER && !settled.ok) {
    failure = classifyFailure(settled.err, { evidence: evidence.entries() });
  } else {
    failure = timeoutFailure(settled, { limit, timeoutMs, durationMs, stillRunning, evidence });
  }
  return { ok: false, failure: redactFailure(failure), durationMs, timedOut };
}

function timeoutFailure(
  settled: Settled | typeof TIMER,
  facts: {
    limit: AttemptLimit;
    timeoutMs: number;
    durationMs: number;
    stillRunning: boolean;
    evidence: BoundedEvidenceLog;
  },
): Failure {
  const stage = facts.limit === 'deadline' ? DEADLINE_STAGE : TEST_TIMEOUT_STAGE;
  const ownError =
    settled !== TIMER && !settled.ok && settled.err instanceof GateError ? settled.err : undefined;
  if (ownError) {
    const failure = classifyFailure(ownError, {
      timedOut: true,
      evidence: facts.evidence.entries(),
    });
    return { ...failure, stage: failure.stage ?? stage };
  }
  const suffix = facts.stillRunning ? ', and it did not stop when aborted' : '';
  const error = new GateError(`${timeoutMessage(facts.limit, facts.timeoutMs)}${suffix}`, {
    kind: 'timeout',
    stage,
    elapsedMs: facts.durationMs,
  });
  return classifyFailure(error, { timedOut: true, evidence: facts.evidence.entries() });
}

function timeoutMessage(limit: AttemptLimit, timeoutMs: number): string {
  return limit === 'deadline'
    ? `the run's global timeout was reached while this test was running (${Math.round(timeoutMs)} ms into the attempt)`
    : `the test did not finish within its ${Math.round(timeoutMs)} ms timeout`;
}

async function raceTimer<T>(work: Promise<T>, clock: Clock, ms: number): Promise<T | typeof TIMER> {
  const cancel = new AbortController();
  try {
    const timer = clock.sleep(ms, cancel.signal).then((): typeof TIMER => TIMER);
    return await Promise.race([work, timer]);
  } finally {
    // Clears the real timer, so a finished attempt leaves nothing keeping the process alive.
    cancel.abort();
  }
}

function redactFailure(failure: Failure): Failure {
  const out: Failure = { ...failure, message: redact(failure.message, []) };
  if (failure.closeReason !== undefined) out.closeReason = redact(failure.closeReason, []);
  return out;
}

/** Forwards samples until the attempt is over; a zombie body's later samples are dropped. */
class AttemptMetrics implements MetricSink {
  private closed = false;

  constructor(private readonly sink: MetricSink) {}

  record(name: MetricName, valueMs: number): void {
    if (!this.closed) this.sink.record(name, valueMs);
  }

  close(): void {
    this.closed = true;
  }
}
