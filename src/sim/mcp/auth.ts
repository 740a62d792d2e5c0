/**
 * Bearer tokens verified with jose as a deployed MCP server does it (signature, expiry,
 * issuer), and the RFC 9728 challenge it answers a refused request with.
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt, jwtVerify } from 'jose';
import type { McpFaults } from './faults.js';

export type McpAuth = { ok: true; user: string } | { ok: false; reason: string };

export function createMcpVerifier(
  secret: string,
  issuer: string,
  faults: McpFaults,
): (header: string | undefined) => Promise<McpAuth> {
  // jwt-mismatch: the server holds a secret nobody signs with
  const key = faults.has('jwt-mismatch') ? randomBytes(48) : new TextEncoder().encode(secret);
  return async (header) => {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (faults.has('auth-not-enforced')) return { ok: true, user: subOf(token) ?? 'anonymous' };
    if (!token) return { ok: false, reason: 'missing bearer token' };
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256', 'HS384', 'HS512'],
        issuer,
        requiredClaims: ['sub', 'exp'],
      });
      return { ok: true, user: String(payload.sub) };
    } catch (err) {
      const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
      return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'token expired' : 'invalid token' };
    }
  };
}

function subOf(token: string | undefined): string | undefined {
  if (!token) return undefined;
  try {
    const sub = decodeJwt(token).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}
