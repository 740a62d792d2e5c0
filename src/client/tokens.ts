/**
 * Test users' tokens (PROTOCOL.md §1), minted with jose from the configured secret or key,
 * plus the bad ones the auth checks need: wrongly signed (same claims, another key) and
 * expired. With a ready `auth-token` there is one user and nothing to mint; a wrongly
 * signed token is then made by tampering with its signature. Every token handed out is
 * first given to `onSecret`, so that the action masks it before it can reach a log.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt, generateKeyPair, importPKCS8, type CryptoKey } from 'jose';
import type { ProtocolConfig } from '../config/protocol.js';
import type { AuthSettings, JwtAlgorithm } from '../config/settings.js';

type SigningKey = CryptoKey | Uint8Array;

export interface TokenSourceOptions {
  auth: AuthSettings;
  users: ProtocolConfig['users'];
  onSecret?: (token: string) => void;
  /** epoch ms; injectable for deterministic tests */
  now?: () => number;
  /** lifetime of a valid token, seconds */
  ttlSec?: number;
}

export interface TokenSource {
  /** tokens can be minted for any user (a secret or key was given) */
  readonly canMint: boolean;
  /** how many distinct users this source can act as */
  readonly maxUsers: number;
  /** the `sub` of test user `n` (1-based) */
  userId(n: number): string;
  tokenFor(n: number): Promise<string>;
  /** a token for user `n` whose signature the service must not accept */
  wrongSigned(n?: number): Promise<string>;
  /** a correctly signed token for user `n` that expired an hour ago (needs minting) */
  expired(n?: number): Promise<string>;
}

/** `staging-e2e-user-001` for n = 1. */
export function testUserId(users: ProtocolConfig['users'], n: number): string {
  return `${users.prefix}${String(n).padStart(3, '0')}`;
}

/** Reserved claims that say who and when: `jwt-claims` may not override them. */
const RESERVED = new Set(['sub', 'iat', 'exp', 'jti', 'iss', 'aud', 'nbf']);

export function createTokenSource(opts: TokenSourceOptions): TokenSource {
  const now = opts.now ?? Date.now;
  const ttl = opts.ttlSec ?? 3_600;
  const auth = opts.auth;
  const cache = new Map<number, Promise<string>>();
  const hand = (token: string): string => {
    opts.onSecret?.(token);
    return token;
  };

  const readyUserId = auth.kind === 'token' ? subOf(auth.token) : undefined;
  const userId = (n: number): string =>
    readyUserId !== undefined && n === 1 ? readyUserId : testUserId(opts.users, n);

  let realKey: Promise<SigningKey> | undefined;
  let otherKey: Promise<SigningKey> | undefined;
  const algorithm: JwtAlgorithm = auth.kind === 'jwt' ? auth.algorithm : 'HS256';
  const keyOf = (): Promise<SigningKey> => {
    if (auth.kind !== 'jwt') throw new Error('no jwt-secret: tokens cannot be minted');
    realKey ??= signingKey(auth.secret, auth.algorithm);
    return realKey;
  };
  const otherKeyOf = (): Promise<SigningKey> => (otherKey ??= randomKey(algorithm));

  const claimsFor = (n: number, issuedAtSec: number, expSec: number): Record<string, unknown> => {
    const extra = auth.kind === 'jwt' ? auth.claims : {};
    const id = userId(n);
    const claims: Record<string, unknown> = {
      email: `${id}@${opts.users.emailDomain}`,
      permissions: opts.users.permissions,
      type: 'access',
    };
    for (const [k, v] of Object.entries(extra)) if (!RESERVED.has(k)) claims[k] = v;
    Object.assign(claims, { sub: id, iat: issuedAtSec, exp: expSec, jti: randomUUID() });
    claims.iss = auth.kind === 'jwt' ? auth.issuer : 'staging-gate';
    if (auth.kind === 'jwt' && auth.audience !== undefined) claims.aud = auth.audience;
    return claims;
  };
  const sign = (claims: Record<string, unknown>, key: SigningKey): Promise<string> =>
    new SignJWT(claims).setProtectedHeader({ alg: algorithm, typ: 'JWT' }).sign(key);
  const nowSec = (): number => Math.floor(now() / 1000);

  return {
    canMint: auth.kind === 'jwt',
    maxUsers: auth.kind === 'jwt' ? Number.POSITIVE_INFINITY : auth.kind === 'token' ? 1 : 0,
    userId,
    tokenFor(n: number): Promise<string> {
      if (auth.kind === 'token') {
        if (n !== 1) return Promise.reject(new Error('auth-token gives only one user'));
        return Promise.resolve(hand(auth.token));
      }
      if (auth.kind === 'none') return Promise.reject(new Error('no credentials configured'));
      let token = cache.get(n);
      if (!token) {
        // iat a little in the past: a service clock a few seconds behind must not refuse it
        const t = nowSec();
        token = keyOf()
          .then((key) => sign(claimsFor(n, t - 5, t + ttl), key))
          .then(hand);
        cache.set(n, token);
      }
      return token;
    },
    async wrongSigned(n = 1): Promise<string> {
      if (auth.kind === 'token') return hand(tamperSignature(auth.token));
      const t = nowSec();
      return hand(await sign(claimsFor(n, t - 5, t + ttl), await otherKeyOf()));
    },
    async expired(n = 1): Promise<string> {
      const t = nowSec();
      return hand(await sign(claimsFor(n, t - 7_200, t - 3_600), await keyOf()));
    },
  };
}

function subOf(token: string): string | undefined {
  try {
    const sub = decodeJwt(token).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}

async function signingKey(secret: string, algorithm: JwtAlgorithm): Promise<SigningKey> {
  if (algorithm.startsWith('HS')) return new TextEncoder().encode(secret);
  return importPKCS8(secret, algorithm);
}

async function randomKey(algorithm: JwtAlgorithm): Promise<SigningKey> {
  if (algorithm.startsWith('HS')) return new Uint8Array(randomBytes(64));
  return (await generateKeyPair(algorithm)).privateKey;
}

/** Same header and claims, a signature that cannot verify: every byte of it flipped. */
export function tamperSignature(token: string): string {
  const parts = token.split('.');
  if (parts.length !== 3) return `${token}.${randomBytes(32).toString('base64url')}`;
  const sig = Buffer.from(parts[2], 'base64url');
  const bad = sig.length > 0 ? Buffer.from(sig.map((b) => b ^ 0xff)) : randomBytes(32);
  return `${parts[0]}.${parts[1]}.${bad.toString('base64url')}`;
}
