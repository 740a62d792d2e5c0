/**
 * Token verification with jose, as a deployed service does it: signature, expiry, issuer and
 * audience. The `jwt-mismatch` and `auth-not-enforced` faults change only this file's answer.
 */
import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { decodeJwt, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { ActiveFaults } from './faults.js';
import type { SimAuthTransport, SimOptions } from './options.js';
import { requestTarget } from './request-target.js';
import { SimUsageError } from './usage-error.js';

export type AuthFailureCode = 'TOKEN_MISSING' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID';

export type AuthOutcome =
  { ok: true; userId: string } | { ok: false; code: AuthFailureCode; message: string };

export type VerifyToken = (token: string | undefined) => Promise<AuthOutcome>;

const HMAC_ALGS = ['HS256', 'HS384', 'HS512'];
const ASYMMETRIC_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

export const SUBPROTOCOL_PREFIX = 'jwt.';

export function createVerifier(options: SimOptions, faults: ActiveFaults): VerifyToken {
  if (faults.names.has('auth-not-enforced')) return acceptAnything;
  // jwt-mismatch: the service holds a secret nobody signs with, the seed's first root cause
  const mismatch = faults.names.has('jwt-mismatch');
  const secret = mismatch ? randomBytes(48) : new TextEncoder().encode(options.jwtSecret);
  const publicKey =
    options.jwtPublicKey && !mismatch ? readPublicKey(options.jwtPublicKey) : undefined;
  const algorithms = publicKey ? [...HMAC_ALGS, ...ASYMMETRIC_ALGS] : HMAC_ALGS;
  const getKey: JWTVerifyGetKey = (header) =>
    header.alg.startsWith('HS') || !publicKey ? secret : publicKey;

  return async (token) => {
    if (!token) return { ok: false, code: 'TOKEN_MISSING', message: 'Authentication required' };
    try {
      const { payload } = await jwtVerify(token, getKey, {
        algorithms,
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['sub', 'exp'],
      });
      if (payload.type !== undefined && payload.type !== 'access') {
        return { ok: false, code: 'TOKEN_INVALID', message: 'Token type is not "access"' };
      }
      return { ok: true, userId: String(payload.sub) };
    } catch (err) {
      return describeFailure(err);
    }
  };
}

function readPublicKey(pem: string): KeyObject {
  try {
    return createPublicKey(pem);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new SimUsageError(`jwtPublicKey: not a PEM public key (${reason})`);
  }
}

async function acceptAnything(token: string | undefined): Promise<AuthOutcome> {
  try {
    const sub = token ? decodeJwt(token).sub : undefined;
    return { ok: true, userId: sub ?? 'anonymous' };
  } catch {
    return { ok: true, userId: 'anonymous' };
  }
}

/** Never echoes the token: messages name the rule that failed, nothing else. */
function describeFailure(err: unknown): AuthOutcome {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return { ok: false, code: 'TOKEN_EXPIRED', message: 'Token has expired' };
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return { ok: false, code: 'TOKEN_INVALID', message: 'Token signature is invalid' };
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = (err as { claim?: string }).claim ?? 'a claim';
      return { ok: false, code: 'TOKEN_INVALID', message: `Token claim '${claim}' is invalid` };
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return { ok: false, code: 'TOKEN_INVALID', message: 'Token algorithm is not accepted' };
    default:
      return { ok: false, code: 'TOKEN_INVALID', message: 'Token is malformed' };
  }
}

/** `Authorization: Bearer <jwt>`; anything else is no token. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** The token of a WebSocket upgrade, from the first enabled transport that carries one. */
export function upgradeToken(
  req: IncomingMessage,
  transports: readonly SimAuthTransport[],
): string | undefined {
  for (const transport of transports) {
    const token =
      transport === 'header'
        ? bearerToken(req)
        : transport === 'query'
          ? queryToken(req)
          : subprotocolToken(req);
    if (token) return token;
  }
  return undefined;
}

function queryToken(req: IncomingMessage): string | undefined {
  return requestTarget(req.url).query.get('token') ?? undefined;
}

function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

function subprotocolToken(req: IncomingMessage): string | undefined {
  const offered = offeredProtocols(req).find((p) => p.startsWith(SUBPROTOCOL_PREFIX));
  if (!offered) return undefined;
  try {
    return Buffer.from(offered.slice(SUBPROTOCOL_PREFIX.length), 'base64url').toString('utf8');
  } catch {
    return undefined;
  }
}
