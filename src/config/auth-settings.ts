/**
 * The credentials of a run: a JWT secret or key to mint tokens with, a ready token, or
 * none. Checked here, before any request, so that a weak or malformed key is a clear input
 * error and not a stream of `auth_rejected` failures.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { given, parseChoice, shown } from './input-values.js';
import { InputError, type AuthSettings, type JwtAlgorithm } from './settings.js';

export const JWT_ALGORITHMS: readonly JwtAlgorithm[] = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'ES256',
];

/** RFC 7518 §3.2: an HMAC key must be at least as long as the hash output. */
const HMAC_MIN_BYTES: Record<string, number> = { HS256: 32, HS384: 48, HS512: 64 };

type Raw = Record<string, string | undefined>;

function parseClaims(raw: Raw): Record<string, unknown> {
  const text = given(raw, 'jwt-claims') ?? '{}';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new InputError('jwt-claims', `expected a JSON object, got invalid JSON (${why})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new InputError(
      'jwt-claims',
      `expected a JSON object, got ${kind}: ${shown('jwt-claims', text)}`,
    );
  }
  return value as Record<string, unknown>;
}

function checkHmacSecret(secret: string, algorithm: JwtAlgorithm): void {
  const min = HMAC_MIN_BYTES[algorithm];
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < min) {
    throw new InputError(
      'jwt-secret',
      `an ${algorithm} secret must be at least ${min} bytes (RFC 7518 §3.2: a key as long ` +
        `as the hash output or longer), got ${bytes} bytes`,
    );
  }
}

/**
 * GitHub secrets and env files often carry a PEM key on one line with literal `\n`; a key
 * with no real line break but with `\n` escapes is unescaped rather than refused.
 */
function unescapePem(secret: string): string {
  return !secret.includes('\n') && secret.includes('\\n') ? secret.replace(/\\n/g, '\n') : secret;
}

function checkPrivateKey(secret: string, algorithm: JwtAlgorithm): void {
  if (!/-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/.test(secret)) {
    throw new InputError(
      'jwt-secret',
      `${algorithm} needs a PEM private key ('-----BEGIN PRIVATE KEY-----' ...), got something else`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: secret, format: 'pem' });
  } catch {
    // node's message may quote parts of the input: say what failed, not what it saw
    throw new InputError('jwt-secret', `is not a readable PEM private key for ${algorithm}`);
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (algorithm === 'RS256') {
    if (key.asymmetricKeyType !== 'rsa') {
      throw new InputError(
        'jwt-secret',
        `RS256 needs an RSA private key, got a ${key.asymmetricKeyType} key`,
      );
    }
    // jose refuses RSA keys under 2048 bits; refusing here says so before any request
    if ((details.modulusLength ?? 0) < 2048) {
      throw new InputError(
        'jwt-secret',
        `RS256 needs an RSA key of at least 2048 bits, got ${details.modulusLength} bits`,
      );
    }
  } else if (key.asymmetricKeyType !== 'ec' || details.namedCurve !== 'prime256v1') {
    const got =
      key.asymmetricKeyType === 'ec'
        ? `an EC key on ${details.namedCurve}`
        : `a ${key.asymmetricKeyType} key`;
    throw new InputError('jwt-secret', `ES256 needs an EC private key on P-256, got ${got}`);
  }
}

/** A ready token, with a pasted `Bearer ` prefix dropped; whitespace inside is refused (header injection). */
function parseToken(value: string): string {
  const token = value.replace(/^bearer\s+/i, '');
  if (/\s/.test(token)) {
    throw new InputError('auth-token', 'expected a single token without spaces or line breaks');
  }
  return token;
}

export function parseAuth(raw: Raw): AuthSettings {
  // validated even when unused: a typo here should not wait for the day a secret is set
  const algorithm = parseChoice(
    'jwt-algorithm',
    given(raw, 'jwt-algorithm') ?? 'HS256',
    JWT_ALGORITHMS,
  );
  const claims = parseClaims(raw);
  const issuer = given(raw, 'jwt-issuer') ?? 'staging-gate';
  const audience = given(raw, 'jwt-audience');
  const secretInput = given(raw, 'jwt-secret');
  const tokenInput = given(raw, 'auth-token');

  if (secretInput !== undefined && tokenInput !== undefined) {
    throw new InputError('auth-token', "give either 'jwt-secret' or 'auth-token', not both");
  }
  if (tokenInput !== undefined) return { kind: 'token', token: parseToken(tokenInput) };
  if (secretInput === undefined) return { kind: 'none' };

  let secret = secretInput;
  if (algorithm.startsWith('HS')) {
    checkHmacSecret(secret, algorithm);
  } else {
    secret = unescapePem(secret);
    checkPrivateKey(secret, algorithm);
  }
  return {
    kind: 'jwt',
    secret,
    algorithm,
    issuer,
    ...(audience !== undefined ? { audience } : {}),
    claims,
  };
}
