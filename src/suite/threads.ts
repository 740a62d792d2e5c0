/** Thread calls shared by the threads and isolation modules. */
import type { TestContext } from './context.js';
import { messagesShape, threadListShape, threadShape } from './documented-shapes.js';
import type { TestUser } from './users.js';

export interface ThreadMessage {
  id: unknown;
  role: string;
  content: string;
  created_at: string;
}

export function threadPath(template: string, id: string): string {
  return template.replace('{id}', encodeURIComponent(id));
}

export async function createThread(
  ctx: TestContext,
  user: TestUser,
  title: string,
): Promise<string> {
  const res = await ctx.http.post(ctx.protocol.paths.threads, { title }, { token: user.token });
  ctx.check.expectStatus(res, [200, 201], 'create thread');
  ctx.check.expectBody(res, threadShape, 'created thread');
  const body = res.body as { id: string; title?: unknown };
  if (body.title !== undefined && body.title !== title) {
    ctx.check.fail(
      'assertion',
      `created thread has title ${JSON.stringify(body.title)}, sent ${JSON.stringify(title)}`,
    );
  }
  return body.id;
}

export async function listThreadIds(ctx: TestContext, user: TestUser): Promise<string[]> {
  const res = await ctx.http.get(ctx.protocol.paths.threads, { token: user.token });
  ctx.check.expectStatus(res, 200, 'list threads');
  ctx.check.expectBody(res, threadListShape, 'thread list');
  return (res.body as { threads: Array<{ id: string }> }).threads.map((t) => t.id);
}

export async function threadMessages(
  ctx: TestContext,
  user: TestUser,
  threadId: string,
): Promise<ThreadMessage[]> {
  const res = await ctx.http.get(threadPath(ctx.protocol.paths.threadMessages, threadId), {
    token: user.token,
  });
  ctx.check.expectStatus(res, 200, 'thread messages');
  ctx.check.expectBody(res, messagesShape, 'thread messages');
  return (res.body as { messages: ThreadMessage[] }).messages;
}

/**
 * The thread's messages once it holds at least `count` of them, polled briefly: a service
 * may store the answer a moment after it streams `agent_completed`.
 */
export async function settledMessages(
  ctx: TestContext,
  user: TestUser,
  threadId: string,
  count: number,
  withinMs = 2_000,
): Promise<ThreadMessage[]> {
  const until = performance.now() + withinMs;
  for (let poll = 0; poll < 20; poll++) {
    const messages = await threadMessages(ctx, user, threadId);
    if (messages.length >= count || performance.now() >= until) return messages;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return threadMessages(ctx, user, threadId);
}
