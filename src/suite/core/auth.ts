/**
 * Authentication, for every protocol that checks tokens per request: the gate's token is
 * accepted, and a missing, a wrongly signed, an expired and a malformed one are each refused
 * with 401/403 before any event. No bypass header is ever sent.
 */
import type { AuthProbe } from '../../agent/adapter.js';
import { GateError } from '../../model.js';
import type { TestSpec } from '../define.js';
import type { AgentContext } from './agent-context.js';

const REFUSED = new Set([401, 403]);

function probeFacts(probe: AuthProbe): { httpStatus?: number; closeCode?: number } {
  return {
    ...(probe.httpStatus !== undefined ? { httpStatus: probe.httpStatus } : {}),
    ...(probe.closeCode !== undefined ? { closeCode: probe.closeCode } : {}),
  };
}

/** A bad token must be refused with 401/403; let in is `auth_not_enforced`, another answer `http_error`. */
export function expectRefused(probe: AuthProbe, what: string): void {
  if (probe.accepted) {
    throw new GateError(
      `${what} was accepted: ${probe.detail}`,
      probeFacts(probe),
      'auth_not_enforced',
    );
  }
  if (probe.httpStatus !== undefined && !REFUSED.has(probe.httpStatus)) {
    throw new GateError(
      `${what} was answered ${probe.httpStatus}, not refused with 401/403: ${probe.detail}`,
      { ...probeFacts(probe), kind: 'status' },
      probe.httpStatus >= 500 ? undefined : 'http_error',
    );
  }
}

export function expectAccepted(probe: AuthProbe, what: string): void {
  if (probe.accepted) return;
  const refused = probe.httpStatus !== undefined && REFUSED.has(probe.httpStatus);
  throw new GateError(
    `${what} was not accepted: ${probe.detail}`,
    { ...probeFacts(probe), ...(refused ? {} : { kind: 'status' as const }) },
    refused ? 'auth_rejected' : undefined,
  );
}

async function probe(ctx: AgentContext, token: string | undefined): Promise<AuthProbe> {
  return ctx.adapter.probeAuth(token, {
    signal: ctx.signal,
    evidence: ctx.evidence,
    timeoutMs: ctx.protocol.requestTimeoutMs,
  });
}

/** The auth module's tests; `where` names the endpoint in titles (`the agent endpoint`). */
export function coreAuthTests(where: string): Record<string, TestSpec<AgentContext>> {
  return {
    'valid-token-accepted': {
      title: `The gate's token is accepted by ${where}`,
      requires: ['auth'],
      needs: ['auth'],
      async run(ctx) {
        const user = await ctx.users.get(1);
        expectAccepted(await probe(ctx, user.token), 'a valid token');
      },
    },
    'missing-token-rejected': {
      title: `A request to ${where} without a token is refused (401/403)`,
      needs: ['auth'],
      async run(ctx) {
        expectRefused(await probe(ctx, undefined), 'a request without a token');
      },
    },
    'wrong-signature-rejected': {
      title: `A request to ${where} with a wrongly signed token is refused`,
      needs: ['auth'],
      async run(ctx) {
        expectRefused(await probe(ctx, await ctx.users.wrongSigned()), 'a wrongly signed token');
      },
    },
    'expired-token-rejected': {
      title: `A request to ${where} with an expired token is refused`,
      requires: ['minting'],
      needs: ['auth'],
      async run(ctx) {
        expectRefused(await probe(ctx, await ctx.users.expired()), 'an expired token');
      },
    },
    'malformed-token-rejected': {
      title: `A request to ${where} with a token that is not a JWT is refused`,
      priority: 2,
      needs: ['auth'],
      async run(ctx) {
        expectRefused(await probe(ctx, ctx.users.malformed), 'a malformed token');
      },
    },
  };
}
