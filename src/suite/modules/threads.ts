/**
 * Conversations persist: threads are created and listed, a run on a thread stores the user
 * message and the answer in order, and history outlives the socket (PROTOCOL.md §2, §3.3).
 */
import type { AgentRun } from '../../client/agent-run.js';
import type { TestContext } from '../context.js';
import { defineModule } from '../define.js';
import {
  createThread,
  listThreadIds,
  settledMessages,
  threadPath,
  type ThreadMessage,
} from '../threads.js';
import { threadShape } from '../documented-shapes.js';

function resultOf(run: AgentRun): string | undefined {
  const last = run.events[run.events.length - 1];
  const data = last?.frame.data as Record<string, unknown> | undefined;
  return typeof data?.result === 'string' ? data.result : undefined;
}

/** The stored conversation must be exactly these turns, in this order. */
function expectConversation(
  ctx: TestContext,
  messages: ThreadMessage[],
  turns: Array<{ asked: string; answer: string | undefined }>,
  threadId: string,
): void {
  const expected = turns.flatMap((t) => [
    { role: 'user', content: t.asked as string | undefined },
    { role: 'assistant', content: t.answer },
  ]);
  const shown =
    messages.map((m) => `${m.role}:${JSON.stringify(m.content.slice(0, 40))}`).join(', ') || 'none';
  if (messages.length !== expected.length) {
    ctx.check.fail(
      'assertion',
      `thread ${threadId} holds ${messages.length} messages after ${turns.length} run(s), expected ${expected.length} (user then assistant per run): ${shown}`,
    );
  }
  expected.forEach((want, i) => {
    const got = messages[i];
    const contentOk = want.content === undefined || got.content === want.content;
    if (got.role !== want.role || !contentOk) {
      ctx.check.fail(
        'assertion',
        `thread ${threadId} message ${i + 1} is ${got.role} ${JSON.stringify(got.content.slice(0, 60))}, expected ${want.role}${want.content !== undefined ? ` ${JSON.stringify(want.content.slice(0, 60))}` : ''}: ${shown}`,
      );
    }
  });
}

export const threadsModule = defineModule('threads', 'Threads and persistence', {
  'create-thread': {
    title: 'POST /api/threads creates a thread that GET /api/threads/{id} returns',
    requires: ['auth'],
    async run(ctx) {
      const user = await ctx.users.get(1);
      const id = await createThread(ctx, user, ctx.unique('thread'));
      const res = await ctx.http.get(threadPath(ctx.protocol.paths.thread, id), {
        token: user.token,
      });
      ctx.check.expectStatus(res, 200, 'created thread');
      ctx.check.expectBody(res, threadShape, 'thread');
      if ((res.body as { id: string }).id !== id)
        ctx.check.fail(
          'assertion',
          `GET thread ${id} returned thread ${(res.body as { id: string }).id}`,
        );
    },
  },
  'list-includes-created': {
    title: "GET /api/threads lists the caller's new thread",
    requires: ['auth'],
    async run(ctx) {
      const user = await ctx.users.get(1);
      const id = await createThread(ctx, user, ctx.unique('listed thread'));
      const ids = await listThreadIds(ctx, user);
      if (!ids.includes(id))
        ctx.check.fail(
          'assertion',
          `thread ${id} was created but GET ${ctx.protocol.paths.threads} does not list it (${ids.length} threads listed)`,
        );
    },
  },
  'messages-persisted-in-order': {
    title: 'A run on a thread stores the user message, then the answer',
    requires: ['auth'],
    weight: 2,
    async run(ctx) {
      const user = await ctx.users.get(1);
      const threadId = await createThread(ctx, user, ctx.unique('persisted thread'));
      const session = await ctx.connect(user);
      const asked = ctx.unique('remember this');
      const run = await session.userMessage(asked, { threadId });
      ctx.check.expectRun(run, 'run on a thread');
      expectConversation(
        ctx,
        await settledMessages(ctx, user, threadId, 2),
        [{ asked, answer: resultOf(run) }],
        threadId,
      );
    },
  },
  'history-survives-reconnect': {
    title: "A thread's history outlives the socket and grows on the next connection",
    requires: ['auth'],
    weight: 3,
    async run(ctx) {
      const user = await ctx.users.get(1);
      const threadId = await createThread(ctx, user, ctx.unique('reconnect thread'));
      const first = await ctx.connect(user, { label: 'first socket' });
      const asked1 = ctx.unique('first question');
      const run1 = await first.userMessage(asked1, { threadId });
      ctx.check.expectRun(run1, 'first run');
      await first.close();
      const second = await ctx.connect(user, { label: 'second socket' });
      expectConversation(
        ctx,
        await settledMessages(ctx, user, threadId, 2),
        [{ asked: asked1, answer: resultOf(run1) }],
        threadId,
      );
      const asked2 = ctx.unique('second question');
      const run2 = await second.userMessage(asked2, { threadId });
      ctx.check.expectRun(run2, 'second run');
      expectConversation(
        ctx,
        await settledMessages(ctx, user, threadId, 4),
        [
          { asked: asked1, answer: resultOf(run1) },
          { asked: asked2, answer: resultOf(run2) },
        ],
        threadId,
      );
    },
  },
});
