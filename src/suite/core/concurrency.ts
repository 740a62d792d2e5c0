/**
 * Many users at once: each of N users (this shard's slice of them) completes a run; at least
 * 99 % must, and every stream carries only its own run's ids — another run's in it is a
 * crossed stream (`isolation_breach`), which fails the test whatever the success rate.
 * The load's samples stay out of the latency metrics.
 */
import { checkOwnIds } from '../../agent/run-order.js';
import { GateError } from '../../model.js';
import type { TestSpec } from '../define.js';
import { describeSlice, userSlice } from '../user-slice.js';
import type { AgentContext } from './agent-context.js';
import { expectCompleteRun, violationError } from './judge-run.js';

export const REQUIRED_SUCCESS_PERCENT = 99;

async function usersAtOnce(ctx: AgentContext): Promise<void> {
  const shard = ctx.settings.shard;
  const slice = userSlice(ctx.settings.concurrentUsers, shard);
  const n = slice.count;
  const outcomes = await Promise.allSettled(
    Array.from({ length: n }, async (_, i) => {
      const number = slice.first + i;
      const user = await ctx.users.get(number);
      const run = await ctx.run(user, { measure: false, label: `user ${number}` });
      const crossed = checkOwnIds(run, run.requested);
      if (crossed) throw violationError(crossed, `user ${number}'s run`);
      expectCompleteRun(run, `user ${number}'s run`);
    }),
  );
  const failed = outcomes.flatMap((o, i) =>
    o.status === 'rejected' ? [{ number: slice.first + i, err: o.reason as unknown }] : [],
  );
  ctx.evidence.add(
    'note',
    `${describeSlice(slice, shard)} at once: ${n - failed.length} runs completed`,
  );
  const breach = failed.find(
    (f) => f.err instanceof GateError && f.err.category === 'isolation_breach',
  );
  const percent = (100 * (n - failed.length)) / n;
  const first = breach ?? failed[0];
  if (!first || (!breach && percent >= REQUIRED_SUCCESS_PERCENT)) return;
  const why = first.err instanceof Error ? first.err.message : String(first.err);
  const message = breach
    ? `a stream carried another run's events (${describeSlice(slice, shard)} at once); user ${first.number}: ${why}`
    : `${failed.length} of ${n} concurrent runs failed (${percent.toFixed(1)} % completed, ${REQUIRED_SUCCESS_PERCENT} % required; ${describeSlice(slice, shard)}); user ${first.number}: ${why}`;
  if (first.err instanceof GateError)
    throw new GateError(message, first.err.facts, first.err.category);
  throw new Error(message);
}

export function coreConcurrencyTests(): Record<string, TestSpec<AgentContext>> {
  return {
    'concurrent-runs': {
      title:
        'N users each complete a run at the same time (≥ 99 %), each stream carrying only its own run',
      requires: ['auth', 'second-user'],
      needs: ['runs', 'run-ids'],
      weight: 5,
      everyShard: true,
      run: usersAtOnce,
    },
  };
}
