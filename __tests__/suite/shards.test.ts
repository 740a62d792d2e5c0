/**
 * The load test under `shard: i/n`: its users split across the shards, evenly, each shard
 * its own user numbers, deterministic; and the slices run at once carry the whole load.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenSource } from '../../src/client/tokens.js';
import { DEFAULT_PROTOCOL } from '../../src/config/protocol.js';
import { GateError } from '../../src/model.js';
import { startSim, type SimHandle } from '../../src/sim/index.js';
import { createSuiteContext, type TestContext } from '../../src/suite/context.js';
import { concurrencyModule } from '../../src/suite/modules/concurrency.js';
import { describeSlice, userSlice } from '../../src/suite/user-slice.js';
import type { SuiteTest } from '../../src/suite/types.js';
import { createSuiteUsers, createUserNumbering, SHARD_USER_SPAN } from '../../src/suite/users.js';
import { settingsFor } from './harness.js';

const range = (first: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => first + i);

describe('userSlice', () => {
  it('splits 20 users over 3 shards as 7, 7, 6: users 1–7, 8–14, 15–20', () => {
    const slices = [1, 2, 3].map((index) => userSlice(20, { index, count: 3 }));
    expect(slices.map((s) => [s.first, s.count])).toEqual([
      [1, 7],
      [8, 7],
      [15, 6],
    ]);
    expect(describeSlice(slices[1], { index: 2, count: 3 })).toBe('users 8–14 of 20 (shard 2/3)');
    expect(userSlice(20)).toEqual({ first: 1, count: 20, total: 20 });
    expect(userSlice(20, { index: 1, count: 1 })).toEqual({ first: 1, count: 20, total: 20 });
  });

  it('covers users 1..N exactly once, in slices that differ by at most one, larger first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 256 }),
        (n, count) => {
          fc.pre(n >= count);
          const slices = range(1, count).map((index) => userSlice(n, { index, count }));
          const users = slices.flatMap((s) => range(s.first, s.count));
          expect(users).toEqual(range(1, n));
          const sizes = slices.map((s) => s.count);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
          // the same inputs, the same split: every matrix job computes it alone
          expect(range(1, count).map((index) => userSlice(n, { index, count }))).toEqual(slices);
        },
      ),
    );
  });

  it('gives every shard one user of its own when there are more shards than users', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }), (n, extra) => {
        const count = n + extra;
        const users = range(1, count).flatMap((index) => {
          const s = userSlice(n, { index, count });
          return range(s.first, s.count);
        });
        expect(users).toEqual(range(1, count));
      }),
    );
  });
});

describe('concurrency tests under shard', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSim({ eventSpacingMs: 2, heartbeatMs: 0 });
  });
  afterAll(() => sim.close());

  const test = concurrencyModule.tests.find(
    (t) => t.id === 'concurrency/concurrent-user-runs',
  ) as SuiteTest<TestContext>;

  /** Runs the test body as shard `index` of `count`; returns the user numbers it acted as. */
  async function runShard(
    target: SimHandle,
    index: number,
    count: number,
  ): Promise<{ users: number[]; error?: unknown }> {
    const settings = settingsFor(
      target,
      {},
      {
        'concurrent-users': '20',
        shard: `${index}/${count}`,
      },
    );
    const factory = createSuiteContext(settings);
    const users: number[] = [];
    const abort = new AbortController();
    try {
      const ctx = factory({
        test,
        attempt: 1,
        signal: abort.signal,
        metrics: { record: () => undefined },
        evidence: { add: () => undefined, entries: () => [] },
      });
      const spied: TestContext = {
        ...ctx,
        users: {
          ...ctx.users,
          get: (n) => {
            users.push(n);
            return ctx.users.get(n);
          },
        },
      };
      await test.run(spied);
      return { users: users.sort((a, b) => a - b) };
    } catch (error) {
      return { users: users.sort((a, b) => a - b), error };
    } finally {
      abort.abort();
      factory.close();
    }
  }

  it('belong in every shard', () => {
    for (const t of concurrencyModule.tests) expect(t.everyShard, t.id).toBe(true);
  });

  it('carry all 20 users when the 3 shards run at once, each with its own', async () => {
    const before = sim.stats().runsCompleted;
    const shards = await Promise.all([1, 2, 3].map((i) => runShard(sim, i, 3)));
    expect(shards.map((s) => s.error)).toEqual([undefined, undefined, undefined]);
    expect(shards.map((s) => s.users)).toEqual([range(1, 7), range(8, 7), range(15, 6)]);
    expect(sim.stats().runsCompleted - before).toBe(20);
  });

  it('fail with the service’s fault, naming the shard’s users', async () => {
    const broken = await startSim({
      eventSpacingMs: 2,
      heartbeatMs: 0,
      faults: ['ws-1011-on-agent'],
    });
    try {
      const { users, error } = await runShard(broken, 3, 3);
      expect(users).toEqual(range(15, 6));
      expect(error).toBeInstanceOf(GateError);
      expect((error as GateError).facts.closeCode).toBe(1011);
      expect((error as GateError).message).toMatch(
        /6 of 6 concurrent users failed.*users 15–20 of 20 \(shard 3\/3\)/,
      );
    } finally {
      await broken.close();
    }
  });
});

describe('test users', () => {
  const source = () =>
    createTokenSource({
      auth: {
        kind: 'jwt',
        secret: 'x'.repeat(32),
        algorithm: 'HS256',
        issuer: 'staging-gate',
        claims: {},
      },
      users: DEFAULT_PROTOCOL.users,
    });

  it('each test acts as users of its own, kept across retries', async () => {
    const tokens = source();
    const numbering = createUserNumbering(tokens.maxUsers);
    const idsOf = (testId: string) =>
      Promise.all(
        [1, 2].map(async (n) => (await createSuiteUsers(tokens, numbering(testId)).get(n)).id),
      );
    const a = await idsOf('websocket-events/agent-event-flow');
    const b = await idsOf('isolation/concurrent-runs-isolated');
    expect(a).toEqual(['staging-e2e-user-001', 'staging-e2e-user-002']);
    expect(b).toEqual(['staging-e2e-user-003', 'staging-e2e-user-004']);
    // a retry of the same test is the same users
    expect(await idsOf('websocket-events/agent-event-flow')).toEqual(a);
  });

  it('matrix jobs number their users apart', async () => {
    const firstOf = async (shard?: { index: number; count: number }) => {
      const tokens = source();
      const users = createSuiteUsers(tokens, createUserNumbering(tokens.maxUsers, shard)('t/x'));
      return (await users.get(1)).id;
    };
    expect(await firstOf()).toBe('staging-e2e-user-001');
    expect(await firstOf({ index: 1, count: 3 })).toBe('staging-e2e-user-001');
    expect(await firstOf({ index: 2, count: 3 })).toBe(`staging-e2e-user-${SHARD_USER_SPAN + 1}`);
    expect(await firstOf({ index: 3, count: 3 })).toBe(
      `staging-e2e-user-${2 * SHARD_USER_SPAN + 1}`,
    );
  });

  it('a ready token stays the one user for every test and shard', async () => {
    const tokens = createTokenSource({
      auth: { kind: 'token', token: 'ready.token.value' },
      users: DEFAULT_PROTOCOL.users,
    });
    const numbering = createUserNumbering(tokens.maxUsers, { index: 2, count: 3 });
    for (const id of ['a/b', 'c/d']) {
      expect((await createSuiteUsers(tokens, numbering(id)).get(1)).token).toBe(
        'ready.token.value',
      );
    }
  });
});
