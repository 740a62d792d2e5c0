/**
 * `messaging`: SendMessage (blocking, the default) answers a task in a terminal or
 * interrupted state, or a Message, which the spec allows; GetTask of that task agrees.
 */
import { sendParams } from '../../agent/a2a/adapter.js';
import { INTERRUPTED_STATES, TERMINAL_STATES, readResult } from '../../agent/a2a/wire.js';
import { GateError } from '../../model.js';
import { defineModule } from '../define.js';
import type { A2aContext } from './context.js';
import { describeAnswer, expectTask } from './expect.js';
import { sameTask } from './same-task.js';

export const messagingModule = defineModule<A2aContext>('messaging', 'Messaging', {
  'send-message': {
    title: 'SendMessage answers a finished Task (or a Message) and GetTask agrees',
    requires: ['auth'],
    async run(ctx) {
      const version = ctx.a2a.version;
      const user = await ctx.users.get(1);
      const what = 'SendMessage';
      const answer = await ctx.a2a.call(
        'send',
        sendParams(version, ctx.protocol.prompt),
        ctx.as(user, { timeoutMs: ctx.protocol.timing.runWithinMs }),
      );
      if (answer.status >= 500 || answer.kind !== 'result') {
        throw new GateError(`${what}: ${describeAnswer(answer)}`, {
          kind: answer.kind === 'error' ? 'protocol' : 'status',
          httpStatus: answer.status,
        });
      }
      const read = readResult(version, answer.result, false);
      if (!read.ok)
        throw new GateError(
          `${what}: ${read.problem}`,
          { httpStatus: answer.status },
          'protocol_violation',
        );
      const item = read.value;
      if (item.type === 'message') return; // a direct answer: no task to look up
      if (item.type !== 'task')
        throw new GateError(`${what}: answered a ${item.type}`, {}, 'protocol_violation');
      if (item.state === 'failed' || item.state === 'rejected') {
        throw new GateError(
          `${what}: the task ended ${item.state.toUpperCase()}${item.statusText ? ` "${item.statusText}"` : ''}`,
          {},
          'agent_error',
        );
      }
      if (!TERMINAL_STATES.has(item.state) && !INTERRUPTED_STATES.has(item.state)) {
        throw new GateError(
          `${what}: a blocking SendMessage answered while the task was still ${item.state.toUpperCase()} (it must wait for a terminal or interrupted state)`,
          {},
          'missing_event',
        );
      }
      const got = expectTask(
        await ctx.a2a.call('get', { id: item.taskId }, ctx.as(user)),
        version,
        `GetTask ${item.taskId}`,
      );
      sameTask(
        got,
        { taskId: item.taskId, state: item.state, artifacts: item.artifacts },
        'SendMessage',
      );
    },
  },
});
