/**
 * One user never sees another's events or data (PROTOCOL.md §2, §3.3): two users run at
 * the same time and each socket carries only its own run; neither lists nor reads the
 * other's threads. A breach is `isolation_breach`, whatever status it came with.
 */
import type { SuiteSession } from '../session.js';
import type { AgentRun } from '../../client/agent-run.js';
import { frameIds } from '../../client/frames.js';
import { defineModule } from '../define.js';
import { GateError } from '../../model.js';
import { createThread, listThreadIds, threadMessages, threadPath } from '../threads.js';
import { bodyExcerpt, statusCategory } from '../checks.js';
import type { TestUser } from '../users.js';

/** Events of another user's run that reached `session`, if any. */
function leakedInto(session: SuiteSession, owner: TestUser, other: AgentRun): string | undefined {
  for (const f of session.raw.history()) {
    const { userId: uid, runId: rid } = frameIds(f.msg);
    if ((uid !== undefined && uid !== owner.id) || (rid !== undefined && rid === other.runId)) {
      return `${owner.id}'s socket received ${f.type ?? 'a frame'} of run ${String(rid)} belonging to ${String(uid ?? 'another user')}`;
    }
  }
  return undefined;
}

export const isolationModule = defineModule('isolation', 'User isolation', {
  'concurrent-runs-isolated': {
    title: "Two users' simultaneous runs each reach only their own socket",
    requires: ['auth', 'second-user'],
    weight: 3,
    async run({ users, connect, check, unique }) {
      const [a, b] = await Promise.all([users.get(1), users.get(2)]);
      const [sa, sb] = await Promise.all([
        connect(a, { label: 'user 1' }),
        connect(b, { label: 'user 2' }),
      ]);
      const [ra, rb] = await Promise.all([
        sa.startAgent(unique('isolation user 1')),
        sb.startAgent(unique('isolation user 2')),
      ]);
      check.expectRun(ra, "user 1's run");
      check.expectRun(rb, "user 2's run");
      // both runs are over; a leaked frame would already be on its way
      await sa.ping();
      await sb.ping();
      const leak = leakedInto(sa, a, rb) ?? leakedInto(sb, b, ra);
      if (leak) check.fail('isolation_breach', leak);
    },
  },
  'thread-list-isolated': {
    title: "Neither user's thread list shows the other's threads",
    requires: ['auth', 'second-user'],
    async run(ctx) {
      const [a, b] = await Promise.all([ctx.users.get(1), ctx.users.get(2)]);
      const [ta, tb] = await Promise.all([
        createThread(ctx, a, ctx.unique('user 1 thread')),
        createThread(ctx, b, ctx.unique('user 2 thread')),
      ]);
      const [la, lb] = await Promise.all([listThreadIds(ctx, a), listThreadIds(ctx, b)]);
      if (la.includes(tb))
        ctx.check.fail('isolation_breach', `${a.id}'s thread list includes ${b.id}'s thread ${tb}`);
      if (lb.includes(ta))
        ctx.check.fail('isolation_breach', `${b.id}'s thread list includes ${a.id}'s thread ${ta}`);
      if (!la.includes(ta))
        ctx.check.fail('assertion', `${a.id}'s thread list lacks their own thread ${ta}`);
    },
  },
  'foreign-thread-forbidden': {
    title: "Reading another user's thread answers 403 or 404, never 200",
    requires: ['auth', 'second-user'],
    async run(ctx) {
      const [a, b] = await Promise.all([ctx.users.get(1), ctx.users.get(2)]);
      const thread = await createThread(ctx, a, ctx.unique('private thread'));
      for (const template of [ctx.protocol.paths.thread, ctx.protocol.paths.threadMessages]) {
        const res = await ctx.http.get(threadPath(template, thread), { token: b.token });
        if (res.status === 403 || res.status === 404) continue;
        const said = `${b.id} GET ${res.path} of ${a.id}'s thread → ${res.status}: ${bodyExcerpt(res)}`;
        const facts = { kind: 'status' as const, stage: 'response', httpStatus: res.status };
        if (res.status >= 200 && res.status < 300)
          throw new GateError(said, facts, 'isolation_breach');
        throw new GateError(`${said} (expected 403 or 404)`, facts, statusCategory(res.status));
      }
    },
  },
  'foreign-thread-run-refused': {
    title: "A run naming another user's thread is refused and stores nothing there",
    priority: 2,
    requires: ['auth', 'second-user'],
    async run(ctx) {
      const [a, b] = await Promise.all([ctx.users.get(1), ctx.users.get(2)]);
      const thread = await createThread(ctx, a, ctx.unique('private thread'));
      const session = await ctx.connect(b, { label: 'user 2' });
      const run = await session.userMessage(ctx.unique('intrusion'), { threadId: thread });
      if (run.outcome === 'completed') {
        ctx.check.fail(
          'isolation_breach',
          `${b.id} ran agent run ${run.runId} on ${a.id}'s thread ${thread}`,
        );
      }
      const stored = await threadMessages(ctx, a, thread);
      if (stored.length > 0)
        ctx.check.fail(
          'isolation_breach',
          `${a.id}'s thread ${thread} holds ${stored.length} message(s) written by ${b.id}`,
        );
    },
  },
});
