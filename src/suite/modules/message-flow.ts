/**
 * Messages in, answers out, and bad input answered rather than punished with a close
 * (PROTOCOL.md §3.1). "Stays open" is proven by a ping answered afterwards, not assumed.
 */
import type { ReceivedFrame } from '../../client/frame-queue.js';
import { errorCodeOf, isErrorFrame } from '../../client/frames.js';
import { defineModule } from '../define.js';
import { expectRunEnvelopes } from '../run-envelopes.js';

export const messageFlowModule = defineModule('message-flow', 'Message flow', {
  'user-message-run': {
    title: 'A user_message starts a run that completes in order',
    requires: ['auth'],
    weight: 2,
    async run({ connect, users, check, unique }) {
      const user = await users.get(1);
      const session = await connect(user);
      const run = await session.userMessage(unique('hello from the gate'));
      check.expectRun(run, 'user_message run');
      expectRunEnvelopes(run, user.id);
    },
  },
  'invalid-json-answered': {
    title: 'Invalid JSON gets a JSON_PARSE_ERROR frame and the socket stays open',
    requires: ['auth'],
    async run({ connect, users, protocol, check }) {
      const session = await connect(await users.get(1));
      const mark = session.sendText('{"type": "user_message", "content": ');
      const isError = (f: ReceivedFrame) => isErrorFrame(f, protocol);
      const answer = await session.awaitFrame(isError, {
        what: 'an error frame for invalid JSON',
        after: mark.cursor,
        since: mark.atMs,
      });
      const code = errorCodeOf(answer.msg);
      if (code !== 'JSON_PARSE_ERROR') {
        check.fail(
          'protocol_violation',
          `invalid JSON was answered with error code ${JSON.stringify(code)}, expected JSON_PARSE_ERROR`,
          { kind: 'protocol', errorCode: code ?? '' },
        );
      }
      await session.ping();
    },
  },
  'unknown-type-answered': {
    title: 'An unknown message type gets an ack or an error frame and the socket stays open',
    requires: ['auth'],
    async run({ connect, users, protocol, check }) {
      const session = await connect(await users.get(1));
      const type = 'staging_gate_unknown_type';
      const mark = session.send({ type, id: 'unknown-1' });
      const answer = await session.awaitFrame(
        (f) => isErrorFrame(f, protocol) || f.type === protocol.messages.ack,
        {
          what: `an ${protocol.messages.ack} or error frame for type ${type}`,
          after: mark.cursor,
          since: mark.atMs,
        },
      );
      if (
        answer.type === protocol.messages.ack &&
        answer.msg?.received_type !== undefined &&
        answer.msg.received_type !== type
      ) {
        check.fail(
          'protocol_violation',
          `the ack names received_type ${JSON.stringify(answer.msg.received_type)}, expected ${type}`,
        );
      }
      await session.ping();
    },
  },
});
