import { afterEach, describe, expect, it, vi } from 'vitest';
import { GateError, type TestResult } from '../../src/model.js';
import { systemClock, type Clock } from '../../src/runner/clock.js';
import { finalizeMetrics } from '../../src/runner/metrics.js';
import {
  runSuite,
  type SuiteProgressEvent,
  type RunSuiteOptions,
} from '../../src/runner/run-suite.js';
import { DEFAULT_PERF_TARGETS } from '../../src/config/settings.js';
import type { SuiteTest } from '../../src/suite/types.js';
import {
  failsWith,
  fakeTest,
  flaky,
  hangs,
  passes,
  recordsThenFails,
  sleeps,
  type FakeCtx,
} from './fake-tests.js';
import { VirtualClock } from './virtual-clock.js';

function run(
  tests: SuiteTest<FakeCtx>[],
  extra: Partial<RunSuiteOptions<FakeCtx>> = {},
): ReturnType<typeof runSuite<FakeCtx>> {
  const clock: Clock = extra.clock ?? new VirtualClock();
  return runSuite<FakeCtx>({
    tests,
    createContext: (scope) => ({ scope, clock }),
    concurrency: 2,
    retries: 0,
    deadlineMs: 600_000,
    abortGraceMs: 100,
    ...extra,
    clock,
  });
}

function only(results: TestResult[], id: string): TestResult {
  const r = results.find((x) => x.id === id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
process.on('unhandledRejection', onUnhandled);
afterEach(() => {
  expect(unhandled).toEqual([]);
});

describe('runSuite', () => {
  it('passes and fails, in input order, with the test facts', async () => {
    const { results } = await run(
      [
        fakeTest('a/slow', sleeps(50)),
        fakeTest(
          'a/fails',
          failsWith({ closeCode: 1011, closeReason: 'Internal error', stage: 'first_event' }),
        ),
        fakeTest('b/ok', passes, { priority: 2 }),
      ],
      { concurrency: 3 },
    );
    expect(results.map((r) => [r.id, r.status, r.attempts])).toEqual([
      ['a/slow', 'passed', 1],
      ['a/fails', 'failed', 1],
      ['b/ok', 'passed', 1],
    ]);
    expect(only(results, 'a/slow').durationMs).toBe(50);
    expect(only(results, 'a/fails').failure).toMatchObject({
      category: 'ws_internal_error',
      closeCode: 1011,
      closeReason: 'Internal error',
      stage: 'first_event',
    });
    expect(only(results, 'a/slow').failure).toBeUndefined();
    expect(only(results, 'b/ok').critical).toBe(false);
    expect(only(results, 'a/slow').critical).toBe(true);
  });

  it('a pass on a retry is flaky, carrying the first failure; durations add up', async () => {
    const events: SuiteProgressEvent[] = [];
    const flakyBody = flaky(1);
    const { results } = await run(
      [
        fakeTest('a/flaky', async (ctx) => {
          await sleeps(10)(ctx);
          await flakyBody();
        }),
        fakeTest('a/always', failsWith({ httpStatus: 401 })),
      ],
      { retries: 2, onEvent: (e) => events.push(e) },
    );
    const flakyResult = only(results, 'a/flaky');
    expect(flakyResult).toMatchObject({ status: 'flaky', attempts: 2, durationMs: 20 });
    expect(flakyResult.failure).toMatchObject({
      category: 'ws_internal_error',
      message: 'attempt 1 closed 1011',
    });
    expect(only(results, 'a/always')).toMatchObject({
      status: 'failed',
      attempts: 3,
      failure: { category: 'auth_rejected', httpStatus: 401 },
    });
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'test-end')).toHaveLength(2);
  });

  it('a body that hangs ignoring its signal fails as timeout at its own timeout, and the run moves on', async () => {
    const clock = new VirtualClock();
    const { results } = await run(
      [fakeTest('a/hangs', hangs, { timeoutMs: 5000 }), fakeTest('a/after', passes)],
      { clock, concurrency: 1 },
    );
    const hung = only(results, 'a/hangs');
    expect(hung.status).toBe('failed');
    expect(hung.failure).toMatchObject({ category: 'timeout', stage: 'test_timeout' });
    expect(hung.failure?.message).toContain('5000 ms timeout');
    expect(hung.failure?.message).toContain('did not stop when aborted');
    // timeout + the 100 ms grace: not a moment of waiting for the hung body beyond that
    expect(hung.durationMs).toBe(5100);
    expect(only(results, 'a/after').status).toBe('passed');
  });

  it('a body that honours the abort keeps its own stage', async () => {
    const body = async ({ scope }: FakeCtx): Promise<void> => {
      await new Promise<void>((_, reject) =>
        scope.signal.addEventListener('abort', () =>
          reject(new GateError('no welcome frame', { kind: 'timeout', stage: 'welcome' })),
        ),
      );
    };
    const { results } = await run([fakeTest('a/welcome', body, { timeoutMs: 1000 })]);
    expect(results[0].failure).toMatchObject({
      category: 'timeout',
      stage: 'welcome',
      message: 'no welcome frame',
    });
    expect(results[0].durationMs).toBe(1000);
  });

  it('real timers: a hang times out within tens of ms and leaves no unhandled rejection', async () => {
    const lateReject = async ({ scope }: FakeCtx): Promise<void> => {
      // ignores the signal, then rejects long after the runner gave up on it
      void scope;
      await new Promise((resolve) => setTimeout(resolve, 80));
      throw new Error('late failure nobody awaits');
    };
    const { results } = await run([fakeTest('a/late', lateReject, { timeoutMs: 20 })], {
      clock: systemClock,
      abortGraceMs: 10,
    });
    expect(results[0].failure).toMatchObject({ category: 'timeout', stage: 'test_timeout' });
    await new Promise((resolve) => setTimeout(resolve, 120));
  });

  it('the global deadline fails what runs as timeout (stage deadline) and what never started too', async () => {
    const clock = new VirtualClock();
    const started: string[] = [];
    const { results } = await run(
      [
        fakeTest('a/quick', sleeps(100)),
        fakeTest('a/hang1', hangs),
        fakeTest('a/hang2', hangs),
        fakeTest('b/never1', passes),
        fakeTest('b/never2', passes),
      ],
      {
        clock,
        concurrency: 2,
        retries: 1,
        deadlineMs: 10_000,
        onEvent: (e) => {
          if (e.type === 'test-start') started.push(e.test.id);
        },
      },
    );
    expect(results.map((r) => r.id)).toEqual([
      'a/quick',
      'a/hang1',
      'a/hang2',
      'b/never1',
      'b/never2',
    ]);
    expect(only(results, 'a/quick').status).toBe('passed');
    for (const id of ['a/hang1', 'a/hang2']) {
      expect(only(results, id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        failure: { category: 'timeout', stage: 'deadline' },
      });
    }
    for (const id of ['b/never1', 'b/never2']) {
      expect(only(results, id)).toMatchObject({
        status: 'failed',
        attempts: 0,
        failure: { category: 'timeout', stage: 'deadline' },
      });
      expect(only(results, id).failure?.message).toContain('not started');
    }
    expect(started).toEqual(['a/quick', 'a/hang1', 'a/hang2']);
    expect(clock.now()).toBe(10_100);
  });

  it('never runs more than `concurrency` tests at once, and runs heavier tests first', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const order: string[] = [];
    const counted = (ms: number) => async (ctx: FakeCtx) => {
      order.push(ctx.scope.test.id);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await sleeps(ms)(ctx);
      } finally {
        inFlight -= 1;
      }
    };
    const tests = Array.from({ length: 12 }, (_, i) =>
      fakeTest(`m/t${i}`, counted(10 + (i % 4) * 5), { weight: i === 7 ? 5 : 1 }),
    );
    const { results } = await run(tests, { concurrency: 3 });
    expect(maxInFlight).toBe(3);
    expect(order[0]).toBe('m/t7');
    expect(results.every((r) => r.status === 'passed')).toBe(true);
    expect(results.map((r) => r.id)).toEqual(tests.map((t) => t.id));
  });

  it('throws of every shape become classified failures; the runner itself never throws', async () => {
    const tests = [
      fakeTest('x/sync-throw', () => {
        throw new GateError('refused', { kind: 'refused', errorCode: 'ECONNREFUSED' });
      }),
      fakeTest('x/string', () => Promise.reject('just a string')),
      fakeTest('x/object', () => Promise.reject({ weird: true })),
      fakeTest('x/undefined', () => Promise.reject(undefined)),
      fakeTest('x/raw-node-error', () =>
        Promise.reject(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })),
      ),
      fakeTest('x/context', passes),
    ];
    const { results } = await run(tests, {
      createContext: (scope) => {
        if (scope.test.id === 'x/context') throw new Error('context factory broke');
        return { scope, clock: systemClock };
      },
    });
    expect(results.map((r) => [r.id, r.failure?.category])).toEqual([
      ['x/sync-throw', 'connection_failed'],
      ['x/string', 'assertion'],
      ['x/object', 'assertion'],
      ['x/undefined', 'assertion'],
      ['x/raw-node-error', 'connection_failed'],
      ['x/context', 'assertion'],
    ]);
    expect(only(results, 'x/string').failure?.message).toBe('just a string');
    expect(only(results, 'x/object').failure?.message).toContain('{"weird":true}');
    expect(only(results, 'x/context').failure?.message).toBe('context factory broke');
  });

  it('skips what the skip rule names, with the reason, without running it', async () => {
    const body = vi.fn(passes);
    const { results } = await run([fakeTest('u/two-users', body, { requires: ['second-user'] })], {
      skip: (t) =>
        t.requires?.includes('second-user')
          ? 'needs a second user: auth-token gives only one'
          : undefined,
    });
    expect(results[0]).toMatchObject({
      status: 'skipped',
      attempts: 0,
      skipReason: 'needs a second user: auth-token gives only one',
    });
    expect(body).not.toHaveBeenCalled();
  });

  it('critical-tests globs override the priority default', async () => {
    const { results } = await run(
      [fakeTest('a/p1', passes), fakeTest('b/p2', passes, { priority: 2 })],
      { criticalGlobs: ['b/*'] },
    );
    expect(results.map((r) => r.critical)).toEqual([false, true]);
  });

  it('samples of failed attempts count; samples of an abandoned body do not', async () => {
    const clock = new VirtualClock();
    const zombie = async ({ scope, clock: c }: FakeCtx): Promise<void> => {
      scope.metrics.record('agent_startup_ms', 100);
      await c.sleep(10_000); // ignores the signal, records after it was abandoned
      scope.metrics.record('agent_startup_ms', 99_999);
    };
    const { metrics } = await run(
      [
        fakeTest('m/slow-fail', recordsThenFails('api_response_ms', [120, 130, 140])),
        fakeTest('m/zombie', zombie, { timeoutMs: 1000 }),
      ],
      { clock },
    );
    await clock.sleep(20_000); // let the zombie wake up and try to record
    const results = finalizeMetrics(metrics, DEFAULT_PERF_TARGETS);
    expect(results.find((m) => m.name === 'api_response_ms')).toMatchObject({
      samples: 3,
      status: 'breached',
    });
    expect(results.find((m) => m.name === 'agent_startup_ms')).toMatchObject({
      samples: 1,
      max: 100,
    });
  });

  it('evidence of a failed attempt is attached, bounded and redacted', async () => {
    const body = async ({ scope }: FakeCtx): Promise<void> => {
      scope.evidence.add('out', 'GET /api/agents Authorization: Bearer abc.def.ghi');
      for (let i = 0; i < 200; i++) scope.evidence.add('in', `frame ${i} ${'x'.repeat(500)}`);
      throw new Error('missing agent_completed');
    };
    const { results } = await run([fakeTest('e/chatty', body)]);
    const evidence = results[0].failure?.evidence ?? [];
    expect(evidence.length).toBeLessThanOrEqual(60);
    expect(evidence[0].text).toBe('GET /api/agents Authorization: Bearer ***');
    expect(evidence.some((e) => e.dir === 'note' && e.text.includes('dropped'))).toBe(true);
    expect(evidence.at(-1)?.text.startsWith('frame 199 ')).toBe(true);
    expect(Math.max(...evidence.map((e) => e.text.length))).toBeLessThanOrEqual(300);
  });
});
