/**
 * Many users at once (the seed's multi-user race conditions): each of N users opens a
 * socket and completes a run; at least 99 % must succeed. Samples of this load are kept
 * out of the latency metrics, whose targets describe one user's experience. Under
 * `shard: i/n` each shard carries its slice of the N users (`user-slice.ts`).
 */
import { GateError } from '../../model.js';
import type { TestContext } from '../context.js';
import { defineModule } from '../define.js';
import { describeSlice, userSlice } from '../user-slice.js';

export const REQUIRED_SUCCESS_PERCENT = 99;

/** N users at once (this shard's slice of them), each on its own socket, each completing `rounds` runs in a row. */
async function usersAtOnce(ctx: TestContext, rounds: number): Promise<void> {
  const shard = ctx.settings.shard;
  const slice = userSlice(ctx.settings.concurrentUsers, shard);
  const n = slice.count;
  const outcomes = await Promise.allSettled(
    Array.from({ length: n }, async (_, i) => {
      const number = slice.first + i;
      const user = await ctx.users.get(number);
      const session = await ctx.connect(user, { measure: false, label: `user ${number}` });
      for (let round = 1; round <= rounds; round++) {
        const run = await session.userMessage(ctx.unique(`load ${number}.${round}`));
        ctx.check.expectRun(run, `user ${number}'s run ${round}`);
      }
      await session.close();
    }),
  );
  const failed = outcomes.flatMap((o, i) =>
    o.status === 'rejected' ? [{ number: slice.first + i, err: o.reason as unknown }] : [],
  );
  const percent = (100 * (n - failed.length)) / n;
  ctx.evidence.add(
    'note',
    `${describeSlice(slice, shard)} at once, ${rounds} run(s) each: ${n - failed.length} succeeded`,
  );
  const first = failed[0];
  if (!first || percent >= REQUIRED_SUCCESS_PERCENT) return;
  const why = first.err instanceof Error ? first.err.message : String(first.err);
  const message = `${failed.length} of ${n} concurrent users failed (${percent.toFixed(1)} % succeeded, ${REQUIRED_SUCCESS_PERCENT} % required; ${describeSlice(slice, shard)}); user ${first.number}: ${why}`;
  // the first failure's facts classify the whole: it is what a person on call looks at first
  if (first.err instanceof GateError)
    throw new GateError(message, first.err.facts, first.err.category);
  throw new Error(message);
}

export const concurrencyModule = defineModule('concurrency', 'Concurrency', {
  'concurrent-user-runs': {
    title: 'N users each complete a run at the same time (≥ 99 % succeed)',
    requires: ['auth', 'second-user'],
    weight: 5,
    everyShard: true,
    run: (ctx) => usersAtOnce(ctx, 1),
  },
  'sustained-user-runs': {
    title: 'N users each complete three runs in a row at the same time',
    priority: 2,
    requires: ['auth', 'second-user'],
    weight: 8,
    everyShard: true,
    run: (ctx) => usersAtOnce(ctx, 3),
  },
});
