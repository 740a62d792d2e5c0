/**
 * Authorization (MCP 2025-11-25 basic/authorization, RFC 9728): a request without a token,
 * with a wrongly signed or an expired one is refused with 401 and a `WWW-Authenticate:
 * Bearer` challenge; the challenge names the protected-resource metadata, which answers; a
 * valid token is accepted. Each refusal is checked on `initialize`, the first request any
 * client sends.
 */
import { CLIENT_INFO, statusError } from '../../agent/mcp/client.js';
import {
  LATEST_PROTOCOL_VERSION,
  readBearerChallenge,
  resourceMetadataProblems,
  wellKnownMetadataUrls,
} from '../../agent/mcp/wire.js';
import { defineModule, type TestSpec } from '../define.js';
import type { McpContext } from './context.js';
import { fail, said } from './judge.js';

const INIT = {
  protocolVersion: LATEST_PROTOCOL_VERSION,
  capabilities: {},
  clientInfo: CLIENT_INFO,
};

/** Sends `initialize` with this token and expects the refusal the spec asks for. */
async function expectRefused(
  ctx: McpContext,
  token: string | undefined,
  what: string,
): Promise<void> {
  const answer = await ctx.mcp.client.request(
    'initialize',
    INIT,
    token === undefined ? {} : { token },
  );
  if (answer.status >= 200 && answer.status < 300)
    fail(
      'auth_not_enforced',
      `initialize with ${what} was accepted (${said(answer)}): the MCP endpoint does not enforce authentication`,
      answer,
    );
  if (answer.status !== 401 && answer.status !== 403)
    throw statusError(`initialize with ${what}`, answer);
  if (answer.status === 401 && !readBearerChallenge(answer.headers['www-authenticate']).bearer)
    fail(
      'protocol_violation',
      `initialize with ${what} → 401 without a WWW-Authenticate: Bearer challenge (RFC 6750, MCP authorization)`,
      answer,
    );
}

function refusal(
  what: string,
  token: (ctx: McpContext) => Promise<string | undefined>,
  requires: TestSpec<McpContext>['requires'],
): TestSpec<McpContext> {
  return {
    title: `initialize with ${what} is refused with 401 and a Bearer challenge`,
    ...(requires ? { requires } : {}),
    run: async (ctx) => expectRefused(ctx, await token(ctx), what),
  };
}

export const authModule = defineModule<McpContext>('auth', 'Authorization', {
  'missing-token-rejected': refusal('no token', async () => undefined, undefined),
  'wrong-signature-rejected': refusal('a wrongly signed token', (ctx) => ctx.users.wrongSigned(1), [
    'auth',
  ]),
  'expired-token-rejected': refusal('an expired token', (ctx) => ctx.users.expired(1), ['minting']),
  'valid-token-accepted': {
    title: 'initialize with a valid token is accepted',
    requires: ['auth'],
    async run({ mcp, users }) {
      await mcp.open((await users.get(1)).token);
    },
  },
  'resource-metadata': {
    title:
      'the 401 challenge names resource_metadata, and the protected-resource metadata (RFC 9728) answers',
    async run({ mcp, evidence }) {
      const answer = await mcp.client.request('initialize', INIT, {});
      if (answer.status >= 200 && answer.status < 300)
        fail(
          'auth_not_enforced',
          `initialize without a token was accepted (${said(answer)}): there is no challenge to read`,
          answer,
        );
      if (answer.status !== 401) throw statusError('initialize without a token', answer);
      const challenge = readBearerChallenge(answer.headers['www-authenticate']);
      if (!challenge.bearer)
        fail('protocol_violation', 'the 401 has no WWW-Authenticate: Bearer challenge', answer);
      // RFC 9728 §5: the challenge should name the metadata; without it a client tries the well-known paths
      const urls = challenge.resourceMetadata
        ? [challenge.resourceMetadata]
        : wellKnownMetadataUrls(mcp.endpoint);
      if (!challenge.resourceMetadata)
        evidence.add(
          'note',
          'the challenge names no resource_metadata: trying the well-known paths',
        );
      const tried: string[] = [];
      for (const url of urls) {
        let target: URL;
        try {
          target = new URL(url);
        } catch {
          fail('protocol_violation', `resource_metadata ${JSON.stringify(url)} is not a URL`);
        }
        const meta = await mcp.client.getJson(target.href);
        tried.push(`${target.pathname} → ${meta.status}`);
        if (meta.status !== 200) continue;
        const problems = resourceMetadataProblems(meta.body);
        if (problems.length > 0)
          fail(
            'protocol_violation',
            `protected-resource metadata at ${target.pathname}: ${problems.join('; ')}`,
          );
        return;
      }
      fail(
        'not_found',
        `no protected-resource metadata (RFC 9728): ${challenge.resourceMetadata ? 'the challenge names' : 'the challenge names no resource_metadata, and'} ${tried.join(', ')}; an MCP client cannot discover how to authorize`,
      );
    },
  },
});
