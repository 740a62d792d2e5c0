/**
 * `tasks`: what a calling agent does with a task after sending it. GetTask after the stream
 * agrees with it; CancelTask of a running task ends it CANCELED (or is refused with
 * TaskNotCancelable), and a cancel that is acknowledged while the task runs on is a
 * failure; a client that disconnects mid-stream gets the rest through SubscribeToTask.
 */
import type { RpcAnswer } from '../../agent/a2a/rpc.js';
import { checkTransitions, taskOutcome } from '../../agent/a2a/transitions.js';
import { A2A_ERRORS, TERMINAL_STATES } from '../../agent/a2a/wire.js';
import { toAgentRun } from '../../agent/a2a/adapter.js';
import { GateError } from '../../model.js';
import { defineModule } from '../define.js';
import { expectCompleteRun } from '../core/judge-run.js';
import type { A2aContext } from './context.js';
import { describeAnswer, expectCompleteTaskStream, expectTask, streamTaskId } from './expect.js';
import { sameTask } from './same-task.js';

export const tasksModule = defineModule<A2aContext>('tasks', 'Tasks', {
  'get-after-stream': {
    title: 'GetTask after the stream reports the same terminal state and artifacts',
    requires: ['auth'],
    async run(ctx) {
      const user = await ctx.users.get(1);
      const { outcome, run } = await ctx.streamMessage(user, { measure: false });
      const items = expectCompleteTaskStream(
        outcome,
        run,
        { version: ctx.a2a.version },
        'SendStreamingMessage',
      );
      const id = streamTaskId(items, 'SendStreamingMessage');
      const streamed = taskOutcome(items);
      const got = expectTask(
        await ctx.a2a.call('get', { id }, ctx.as(user)),
        ctx.a2a.version,
        `GetTask ${id}`,
      );
      sameTask(got, { taskId: id, ...streamed }, 'stream');
    },
  },
  'cancel-running': {
    title: 'CancelTask of a running task ends it CANCELED (or answers TaskNotCancelable)',
    requires: ['auth'],
    async run(ctx) {
      const user = await ctx.users.get(1);
      let cancel: Promise<RpcAnswer> | undefined;
      let cancelAtMs = 0;
      const { outcome } = await ctx.streamMessage(user, {
        measure: false,
        onItem: (t) => {
          // cancel as soon as the task exists: it is running then on any agent that streams
          if (cancel || t.item.type !== 'task') return;
          cancelAtMs = t.atMs;
          cancel = ctx.a2a.call('cancel', { id: t.item.taskId }, ctx.as(user));
        },
      });
      if (outcome.kind !== 'stream' || !cancel) {
        expectCompleteRun(toAgentRun(outcome), 'SendStreamingMessage');
        throw new GateError(
          'SendStreamingMessage: the stream opened without a Task, so nothing could be canceled',
          {},
          'missing_event',
        );
      }
      const answer = await cancel;
      const broken = checkTransitions(outcome.items, { version: ctx.a2a.version });
      if (broken)
        throw new GateError(`the canceled stream: ${broken.message}`, {}, broken.category);
      const end = taskOutcome(outcome.items).state;
      const id = streamTaskId(outcome.items, 'SendStreamingMessage');
      if (
        answer.kind === 'error' &&
        answer.error.code === A2A_ERRORS.taskNotCancelable &&
        answer.status < 500
      ) {
        // refused: allowed, and the task must still end as the agent sees fit
        if (!end || !TERMINAL_STATES.has(end))
          throw new GateError(
            `CancelTask was refused (-32002) and the stream never reached a terminal state (last ${end ?? 'none'})`,
            {},
            'missing_event',
          );
        return;
      }
      const acked = expectTask(
        answer,
        ctx.a2a.version,
        `CancelTask ${id} (sent at +${Math.round(cancelAtMs)} ms)`,
      );
      if (end !== 'canceled') {
        throw new GateError(
          `CancelTask ${id} was acknowledged (${acked.state.toUpperCase()}) at +${Math.round(cancelAtMs)} ms, yet the stream ended ${end ? end.toUpperCase() : 'without a terminal state'}: the cancel was ignored`,
          {},
          'protocol_violation',
        );
      }
      const got = expectTask(
        await ctx.a2a.call('get', { id }, ctx.as(user)),
        ctx.a2a.version,
        `GetTask ${id}`,
      );
      sameTask(got, { taskId: id, state: 'canceled', artifacts: new Map() }, 'canceled stream');
    },
  },
  'resubscribe-after-disconnect': {
    title:
      'After a disconnect mid-stream, SubscribeToTask delivers the rest up to the terminal state',
    requires: ['auth'],
    async run(ctx) {
      const user = await ctx.users.get(1);
      // disconnect right after the Task: the rest of the run is still to come
      const first = await ctx.streamMessage(user, {
        measure: false,
        onItem: (t) => t.item.type === 'task',
      });
      if (first.outcome.kind !== 'stream' || first.outcome.items.length === 0) {
        expectCompleteRun(first.run, 'SendStreamingMessage');
      }
      const id = streamTaskId(
        first.outcome.kind === 'stream' ? first.outcome.items : [],
        'SendStreamingMessage',
      );
      const what = `SubscribeToTask ${id}`;
      const sub = await ctx.a2a.stream(
        'subscribe',
        { id },
        ctx.as(user, { timeoutMs: ctx.protocol.timing.eventWithinMs }),
      );
      if (sub.kind === 'answer') {
        const a = sub.answer;
        if (
          a.kind === 'error' &&
          a.error.code === A2A_ERRORS.unsupportedOperation &&
          a.status < 500
        ) {
          // the agent may refuse a task that already ended; then GetTask must show it ended
          const got = expectTask(
            await ctx.a2a.call('get', { id }, ctx.as(user)),
            ctx.a2a.version,
            `GetTask ${id}`,
          );
          if (TERMINAL_STATES.has(got.state)) return;
          throw new GateError(
            `${what} was refused (-32004) while GetTask says ${got.state.toUpperCase()}`,
            {},
            'protocol_violation',
          );
        }
        throw new GateError(`${what}: ${describeAnswer(a)}`, {
          kind: a.status >= 300 ? 'status' : 'protocol',
          httpStatus: a.status,
        });
      }
      expectCompleteTaskStream(
        sub,
        toAgentRun(sub),
        { version: ctx.a2a.version, subscription: { taskId: id } },
        what,
      );
    },
  },
});
