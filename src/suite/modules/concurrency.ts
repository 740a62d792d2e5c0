/**
 * Many users at once (the seed's multi-user race conditions): each of N users opens a
 * socket and completes a run; at least 99 % must succeed. Samples of this load are kept
 * out of the latency metrics, whose targets describe one user's experience.
 */
import { GateError } from '../../model.js';
import type { TestContext } from '../context.js';
import { defineModule } from '../define.js';

export const REQUIRED_SUCCESS_PERCENT = 99;

/** N users at once, each on its own socket, each completing `rounds` runs in a row. */
async function usersAtOnce(ctx: TestContext, rounds: number): Promise<void> {
  const n = Math.max(1, ctx.settings.concurrentUsers);
  const outcomes = await Promise.allSettled(
    Array.from({ length: n }, async (_, i) => {
      const user = await ctx.users.get(i + 1);
      const session = await ctx.connect(user, { measure: false, label: `user ${i + 1}` });
      for (let round = 1; round <= rounds; round++) {
        const run = await session.userMessage(ctx.unique(`load ${i + 1}.${round}`));
        ctx.check.expectRun(run, `user ${i + 1}'s run ${round}`);
      }
      await session.close();
    }),
  );
  const failed = outcomes.flatMap((o, i) =>
    o.status === 'rejected' ? [{ i, err: o.reason as unknown }] : [],
  );
  const percent = (100 * (n - failed.length)) / n;
  const first = failed[0];
  if (!first || percent >= REQUIRED_SUCCESS_PERCENT) return;
  const why = first.err instanceof Error ? first.err.message : String(first.err);
  const message = `${failed.length} of ${n} concurrent users failed (${percent.toFixed(1)} % succeeded, ${REQUIRED_SUCCESS_PERCENT} % required); user ${first.i + 1}: ${why}`;
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
    run: (ctx) => usersAtOnce(ctx, 1),
  },
  'sustained-user-runs': {
    title: 'N users each complete three runs in a row at the same time',
    priority: 2,
    requires: ['auth', 'second-user'],
    weight: 8,
    run: (ctx) => usersAtOnce(ctx, 3),
  },
});
