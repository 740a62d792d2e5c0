/**
 * `isolation`: task ids travel between agents, so a task must be visible to its owner only.
 * A second user's GetTask, CancelTask and SubscribeToTask of the first user's task get
 * TaskNotFound (or HTTP 403/404), never the task — not even TaskNotCancelable or
 * UnsupportedOperation, which say it exists.
 */
import type { RpcAnswer } from '../../agent/a2a/rpc.js';
import { A2A_ERRORS, type A2aMethod } from '../../agent/a2a/wire.js';
import { GateError } from '../../model.js';
import { defineModule, type TestSpec } from '../define.js';
import type { A2aContext } from './context.js';
import { describeAnswer, expectCompleteTaskStream, streamTaskId } from './expect.js';

/** A task of user 1 that has finished, and user 2. */
async function othersTask(
  ctx: A2aContext,
): Promise<{ id: string; intruder: Parameters<A2aContext['as']>[0] }> {
  const owner = await ctx.users.get(1);
  const { outcome, run } = await ctx.streamMessage(owner, { measure: false, label: 'user 1' });
  const items = expectCompleteTaskStream(
    outcome,
    run,
    { version: ctx.a2a.version },
    "user 1's SendStreamingMessage",
  );
  return {
    id: streamTaskId(items, "user 1's SendStreamingMessage"),
    intruder: await ctx.users.get(2),
  };
}

function expectHidden(a: RpcAnswer, what: string): void {
  if (a.status === 403 || a.status === 404) return;
  if (a.kind === 'error' && a.error.code === A2A_ERRORS.taskNotFound && a.status < 500) return;
  // TaskNotCancelable and UnsupportedOperation ("terminal, cannot subscribe") say the task exists
  const leaked =
    a.kind === 'result' ||
    (a.kind === 'error' &&
      (a.error.code === A2A_ERRORS.taskNotCancelable ||
        a.error.code === A2A_ERRORS.unsupportedOperation));
  if (leaked) {
    throw new GateError(
      `${what}: ${describeAnswer(a)} — another user's task is visible`,
      { httpStatus: a.status },
      'isolation_breach',
    );
  }
  throw new GateError(
    `${what}: expected TaskNotFound (-32001) or HTTP 403/404, got ${describeAnswer(a)}`,
    { httpStatus: a.status, ...(a.status >= 300 ? { kind: 'status' as const } : {}) },
    a.status >= 300 ? undefined : 'protocol_violation',
  );
}

function callTest(
  method: Exclude<A2aMethod, 'send' | 'stream' | 'subscribe'>,
  name: string,
): TestSpec<A2aContext> {
  return {
    title: `A second user's ${name} of the first user's task is TaskNotFound`,
    requires: ['auth', 'second-user'],
    async run(ctx) {
      const { id, intruder } = await othersTask(ctx);
      expectHidden(
        await ctx.a2a.call(method, { id }, ctx.as(intruder, { label: 'user 2' })),
        `user 2's ${name} ${id}`,
      );
    },
  };
}

export const isolationModule = defineModule<A2aContext>('isolation', 'Isolation', {
  'get-task': callTest('get', 'GetTask'),
  'cancel-task': callTest('cancel', 'CancelTask'),
  'subscribe-task': {
    title: "A second user's SubscribeToTask of the first user's task is TaskNotFound",
    requires: ['auth', 'second-user'],
    async run(ctx) {
      const { id, intruder } = await othersTask(ctx);
      const what = `user 2's SubscribeToTask ${id}`;
      const sub = await ctx.a2a.stream('subscribe', { id }, ctx.as(intruder, { label: 'user 2' }));
      if (sub.kind === 'answer') return expectHidden(sub.answer, what);
      if (sub.items.length > 0) {
        throw new GateError(
          `${what}: a stream of ${sub.items.length} items of another user's task`,
          { httpStatus: sub.status },
          'isolation_breach',
        );
      }
      throw new GateError(
        `${what}: an event stream (HTTP ${sub.status}) instead of TaskNotFound`,
        { httpStatus: sub.status },
        'isolation_breach',
      );
    },
  },
});
