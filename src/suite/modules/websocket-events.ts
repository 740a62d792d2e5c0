/**
 * The WebSocket carries a session and an agent's events (PROTOCOL.md §3): the welcome,
 * ping/pong, several sessions at once, and one run's five critical events in order.
 */
import { isObject, stringField } from '../../client/frames.js';
import { GateError } from '../../model.js';
import { defineModule } from '../define.js';
import { expectRunEnvelopes } from '../run-envelopes.js';

export const websocketEventsModule = defineModule('websocket-events', 'WebSocket events', {
  'connect-and-welcome': {
    title: 'An authenticated WebSocket is welcomed with a connection id',
    requires: ['auth'],
    async run({ connect, users, check }) {
      const user = await users.get(1);
      const session = await connect(user);
      const msg = session.welcome?.msg ?? {};
      const data = isObject(msg.data) ? msg.data : {};
      if (typeof data.connection_id !== 'string' || data.connection_id === '') {
        check.fail(
          'protocol_violation',
          `the welcome frame has no data.connection_id: ${JSON.stringify(msg).slice(0, 200)}`,
        );
      }
      const seenAs = stringField(data, 'user_id');
      if (seenAs !== undefined && seenAs !== user.id) {
        check.fail(
          'protocol_violation',
          `the welcome names user ${seenAs}, but the token is for ${user.id}`,
        );
      }
    },
  },
  'ping-pong': {
    title: 'Pings are answered with pongs carrying the same id',
    requires: ['auth'],
    async run({ connect, users }) {
      const session = await connect(await users.get(1));
      for (let i = 0; i < 3; i++) await session.ping();
    },
  },
  'concurrent-sessions': {
    title: 'Several authenticated sessions at once are all welcomed and answered',
    requires: ['auth'],
    weight: 2,
    async run({ connect, users, settings }) {
      const user = await users.get(1);
      const n = settings.concurrentSessions;
      const outcomes = await Promise.allSettled(
        Array.from({ length: n }, async (_, i) => {
          const session = await connect(user, { label: `session ${i + 1}` });
          await session.ping();
        }),
      );
      const failed = outcomes.flatMap((o, i) =>
        o.status === 'rejected' ? [{ i, err: o.reason as unknown }] : [],
      );
      const first = failed[0];
      if (first) {
        const why = first.err instanceof Error ? first.err.message : String(first.err);
        const message = `${failed.length} of ${n} concurrent sessions failed; session ${first.i + 1}: ${why}`;
        if (first.err instanceof GateError)
          throw new GateError(message, first.err.facts, first.err.category);
        throw new Error(message);
      }
    },
  },
  'agent-event-flow': {
    title: 'start_agent streams the five critical events in order, on time',
    requires: ['auth'],
    weight: 2,
    async run({ connect, users, check, unique }) {
      const user = await users.get(1);
      const session = await connect(user);
      const run = await session.startAgent(unique('event flow check'));
      check.expectRun(run, 'start_agent run', { requireTools: true });
      expectRunEnvelopes(run, user.id);
    },
  },
});
