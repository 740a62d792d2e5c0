/**
 * `agent-card`: the card every calling agent reads first. It answers 200 JSON with the
 * fields the spec requires, it describes the build under test (`expected-version`), and the
 * JSON-RPC interface it names (or `agent-url`) answers JSON-RPC.
 */
import { randomUUID } from 'node:crypto';
import { CARD_PATH } from '../../agent/a2a/card.js';
import { GateError } from '../../model.js';
import { defineModule } from '../define.js';
import { cardError, type A2aContext } from './context.js';
import { describeAnswer } from './expect.js';

export const agentCardModule = defineModule<A2aContext>('agent-card', 'Agent card', {
  'card-valid': {
    title: 'The agent card answers 200 JSON with the required fields and the expected version',
    async run(ctx) {
      const fetched = await ctx.fetchCard();
      if (!fetched.check.ok) throw cardError(fetched);
      const expected = ctx.settings.expectedVersion;
      if (expected !== undefined && fetched.check.card.version !== expected) {
        throw new GateError(
          `the agent card reports version "${fetched.check.card.version}", not the expected "${expected}": the previous build still answers`,
          { httpStatus: 200 },
          'stale_deploy',
        );
      }
    },
  },
  'jsonrpc-endpoint': {
    title: 'The JSON-RPC interface the card names (or agent-url) answers JSON-RPC 2.0',
    requires: ['auth'],
    async run(ctx) {
      let url: string;
      try {
        url = await ctx.a2a.endpoint();
      } catch (err) {
        if (err instanceof GateError) throw err;
        throw new GateError(`resolving the JSON-RPC endpoint from ${CARD_PATH}: ${String(err)}`);
      }
      const user = await ctx.users.get(1);
      const answer = await ctx.a2a.call('get', { id: randomUUID() }, ctx.as(user));
      if (answer.kind === 'other' || answer.status >= 500) {
        throw new GateError(`${url} does not answer JSON-RPC: ${describeAnswer(answer)}`, {
          kind: answer.status >= 300 ? 'status' : 'protocol',
          httpStatus: answer.status,
        });
      }
    },
  },
});
