/**
 * Sessions (Streamable HTTP, 2025-11-25): when the server issues `Mcp-Session-Id`, a request
 * with an unknown id is 404 and one without it is 400; a session is its user's alone; DELETE
 * ends it. A server that issues no id is stateless, a healthy variant: then each check
 * proves instead that requests are served without one, which is what stateless means.
 */
import { randomUUID } from 'node:crypto';
import type { McpSession } from '../../agent/mcp/client.js';
import { resultOf, statusError } from '../../agent/mcp/client.js';
import { defineModule } from '../define.js';
import type { McpContext } from './context.js';
import { fail, said } from './judge.js';

/** On a stateless server: a request without a session id is served. */
async function provesStateless(
  ctx: McpContext,
  session: McpSession,
  check: string,
): Promise<boolean> {
  if (session.sessionId !== undefined) return false;
  const answer = await ctx.mcp.client.request('ping', undefined, session.options());
  resultOf('ping without a session id (the server issued none)', answer);
  ctx.evidence.add(
    'note',
    `the server issues no Mcp-Session-Id (stateless) and serves requests without one: ${check} does not apply`,
  );
  return true;
}

export const sessionsModule = defineModule<McpContext>('sessions', 'Sessions', {
  'unknown-session-404': {
    title: 'a request with an unknown Mcp-Session-Id is answered 404',
    requires: ['auth'],
    async run(ctx) {
      const session = await ctx.mcp.open((await ctx.users.get(1)).token);
      if (await provesStateless(ctx, session, 'an unknown session id')) return;
      const answer = await ctx.mcp.client.request(
        'ping',
        undefined,
        session.options({ sessionId: randomUUID() }),
      );
      if (answer.status === 404) return;
      if (answer.status >= 500) throw statusError('ping with an unknown Mcp-Session-Id', answer);
      fail(
        'protocol_violation',
        `ping with an unknown Mcp-Session-Id → ${said(answer)}, expected 404: the server does not check session ids`,
        answer,
      );
    },
  },
  'missing-session-400': {
    title: 'a request without Mcp-Session-Id after initialize is answered 400',
    requires: ['auth'],
    async run(ctx) {
      const session = await ctx.mcp.open((await ctx.users.get(1)).token);
      if (await provesStateless(ctx, session, 'a missing session id')) return;
      const { sessionId: _id, ...without } = session.options();
      const answer = await ctx.mcp.client.request('ping', undefined, without);
      if (answer.status === 400) return;
      if (answer.status >= 500) throw statusError('ping without Mcp-Session-Id', answer);
      fail(
        'protocol_violation',
        `ping without Mcp-Session-Id → ${said(answer)}, expected 400: the server does not require its session id`,
        answer,
      );
    },
  },
  'other-user-refused': {
    title: "a session opened by one user is refused to another user's token",
    requires: ['second-user'],
    async run(ctx) {
      const [one, two] = [await ctx.users.get(1), await ctx.users.get(2)];
      const session = await ctx.mcp.open(one.token);
      if (await provesStateless(ctx, session, 'binding a session to its user')) return;
      const answer = await ctx.mcp.client.request(
        'tools/list',
        {},
        session.options({ token: two.token, label: 'user 2' }),
      );
      if (answer.status >= 400 && answer.status < 500) return;
      if (answer.status >= 500) throw statusError("tools/list on another user's session", answer);
      fail(
        'isolation_breach',
        `user 2's token was served on user 1's session (${said(answer)}): anyone holding a session id can act in another user's session`,
        answer,
      );
    },
  },
  'delete-ends-session': {
    title: 'DELETE with the session id ends the session: its id is then 404',
    priority: 2,
    requires: ['auth'],
    async run(ctx) {
      const session = await ctx.mcp.open((await ctx.users.get(1)).token);
      if (await provesStateless(ctx, session, 'ending a session')) return;
      const deleted = await ctx.mcp.client.terminate(session.options());
      if (deleted.status === 405) {
        // the spec lets a server refuse client-side termination with 405
        ctx.evidence.add('note', 'DELETE → 405: the server does not let clients end sessions');
        return;
      }
      if (deleted.status < 200 || deleted.status >= 300)
        throw statusError('DELETE of the session', deleted);
      const after = await ctx.mcp.client.request('ping', undefined, session.options());
      if (after.status === 404) return;
      fail(
        'protocol_violation',
        `ping on a session ended by DELETE → ${said(after)}, expected 404: the session lives on`,
        after,
      );
    },
  },
});
