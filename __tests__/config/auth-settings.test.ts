import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import { InputError, type AuthSettings } from '../../src/config/settings.js';

const BASE = { 'base-url': 'https://api.example.test' };
const auth = (raw: Record<string, string>): AuthSettings => parseSettings({ ...BASE, ...raw }).auth;

function errorOf(raw: Record<string, string>): InputError {
  try {
    auth(raw);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

const pem = (type: 'rsa' | 'ec', opts: object): string =>
  generateKeyPairSync(
    type as 'rsa',
    {
      ...opts,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    } as never,
  ).privateKey as unknown as string;

let rsa2048: string;
let rsa1024: string;
let p256: string;
let p384: string;
beforeAll(() => {
  rsa2048 = pem('rsa', { modulusLength: 2048 });
  rsa1024 = pem('rsa', { modulusLength: 1024 });
  p256 = pem('ec', { namedCurve: 'prime256v1' });
  p384 = pem('ec', { namedCurve: 'secp384r1' });
});

describe('auth inputs', () => {
  it('is none without credentials, a token with auth-token', () => {
    expect(auth({})).toEqual({ kind: 'none' });
    expect(auth({ 'auth-token': 'abc.def.ghi' })).toEqual({ kind: 'token', token: 'abc.def.ghi' });
    expect(auth({ 'auth-token': 'Bearer abc.def.ghi' })).toEqual({
      kind: 'token',
      token: 'abc.def.ghi',
    });
  });

  it('mints with a long enough HMAC secret, with issuer, audience and claims', () => {
    expect(
      auth({
        'jwt-secret': 's'.repeat(32),
        'jwt-issuer': 'iss-x',
        'jwt-audience': 'aud-y',
        'jwt-claims': '{"tenant":"t1","roles":["a"]}',
      }),
    ).toEqual({
      kind: 'jwt',
      secret: 's'.repeat(32),
      algorithm: 'HS256',
      issuer: 'iss-x',
      audience: 'aud-y',
      claims: { tenant: 't1', roles: ['a'] },
    });
    expect(auth({ 'jwt-secret': 's'.repeat(64), 'jwt-algorithm': 'hs512' })).toMatchObject({
      algorithm: 'HS512',
    });
  });

  it.each([
    ['HS256', 31],
    ['HS384', 47],
    ['HS512', 63],
  ])(
    'refuses a %s secret of %i bytes, citing RFC 7518 and never echoing it',
    (algorithm, bytes) => {
      const secret = 'Q'.repeat(bytes);
      const err = errorOf({ 'jwt-secret': secret, 'jwt-algorithm': algorithm });
      expect(err.input).toBe('jwt-secret');
      expect(err.message).toContain('RFC 7518 §3.2');
      expect(err.message).toContain(`got ${bytes} bytes`);
      expect(err.message).not.toContain(secret);
    },
  );

  it('counts bytes, not characters', () => {
    // 16 two-byte characters: 32 bytes
    expect(auth({ 'jwt-secret': 'é'.repeat(16) })).toMatchObject({ kind: 'jwt' });
  });

  it('refuses jwt-secret and auth-token together', () => {
    expect(errorOf({ 'jwt-secret': 's'.repeat(32), 'auth-token': 't' }).message).toBe(
      "Input 'auth-token': give either 'jwt-secret' or 'auth-token', not both",
    );
  });

  it('refuses a token with spaces or line breaks, without echoing it', () => {
    const err = errorOf({ 'auth-token': 'abc\r\nX-Evil: 1' });
    expect(err.input).toBe('auth-token');
    expect(err.message).not.toContain('abc');
  });

  it.each([
    ['[1,2]', /expected a JSON object, got an array/],
    ['null', /got null/],
    ['"x"', /got string/],
    ['{bad', /invalid JSON/],
  ])('refuses jwt-claims %s', (claims, message) => {
    const err = errorOf({ 'jwt-claims': claims });
    expect(err.input).toBe('jwt-claims');
    expect(err.message).toMatch(message);
  });

  it('refuses an unknown jwt-algorithm even without a secret', () => {
    expect(errorOf({ 'jwt-algorithm': 'none' }).message).toMatch(
      /^Input 'jwt-algorithm': expected one of HS256, HS384, HS512, RS256 or ES256, got 'none'/,
    );
  });

  it('takes PEM keys for RS256 and ES256, also with escaped line breaks', () => {
    expect(auth({ 'jwt-secret': rsa2048, 'jwt-algorithm': 'RS256' })).toMatchObject({
      kind: 'jwt',
      secret: rsa2048.trim(),
    });
    expect(auth({ 'jwt-secret': p256, 'jwt-algorithm': 'ES256' })).toMatchObject({
      algorithm: 'ES256',
    });
    const oneLine = p256.trim().replace(/\n/g, '\\n');
    expect(auth({ 'jwt-secret': oneLine, 'jwt-algorithm': 'ES256' })).toMatchObject({
      secret: p256.trim(),
    });
  });

  it('refuses the wrong kind of key for RS256/ES256, without echoing it', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['s'.repeat(40), 'RS256', /needs a PEM private key/],
      [p256, 'RS256', /RS256 needs an RSA private key, got a ec key/],
      [rsa1024, 'RS256', /at least 2048 bits, got 1024 bits/],
      [rsa2048, 'ES256', /ES256 needs an EC private key on P-256, got a rsa key/],
      [p384, 'ES256', /on P-256, got an EC key on secp384r1/],
      [
        '-----BEGIN PRIVATE KEY-----\nnot-base64\n-----END PRIVATE KEY-----',
        'ES256',
        /not a readable PEM/,
      ],
    ];
    for (const [secret, algorithm, message] of cases) {
      const err = errorOf({ 'jwt-secret': secret, 'jwt-algorithm': algorithm });
      expect(err.input).toBe('jwt-secret');
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain('MII');
    }
  });
});
