import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenSource, tamperSignature, testUserId } from '../../src/client/tokens.js';
import { DEFAULT_PROTOCOL } from '../../src/config/protocol.js';
import type { AuthSettings, JwtAlgorithm } from '../../src/config/settings.js';

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long!!';
const users = DEFAULT_PROTOCOL.users;
const hs = (extra: Partial<Extract<AuthSettings, { kind: 'jwt' }>> = {}): AuthSettings => ({
  kind: 'jwt',
  secret: SECRET,
  algorithm: 'HS256',
  issuer: 'staging-gate',
  claims: {},
  ...extra,
});
const key = new TextEncoder().encode(SECRET);

describe('createTokenSource', () => {
  it('mints verifiable tokens with the documented claims, one user per number', async () => {
    const seen: string[] = [];
    const source = createTokenSource({
      auth: hs({ audience: 'api' }),
      users,
      onSecret: (t) => seen.push(t),
    });
    const token = await source.tokenFor(3);
    const { payload, protectedHeader } = await jwtVerify(token, key, {
      issuer: 'staging-gate',
      audience: 'api',
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({
      sub: 'staging-e2e-user-003',
      email: 'staging-e2e-user-003@e2e.invalid',
      permissions: ['read', 'write', 'agents:run'],
      type: 'access',
      iss: 'staging-gate',
      aud: 'api',
    });
    expect(typeof payload.jti).toBe('string');
    expect(payload.exp! - payload.iat!).toBeGreaterThan(3_000);
    expect(seen).toEqual([token]);
    expect(await source.tokenFor(3)).toBe(token);
    expect(decodeJwt(await source.tokenFor(1)).sub).toBe(testUserId(users, 1));
  });

  it('adds jwt-claims without letting them change who or when', async () => {
    const source = createTokenSource({
      auth: hs({ claims: { tenant: 't1', sub: 'admin', exp: 1 } }),
      users,
    });
    const payload = decodeJwt(await source.tokenFor(1));
    expect(payload).toMatchObject({ tenant: 't1', sub: 'staging-e2e-user-001' });
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
    expect(payload.aud).toBeUndefined();
  });

  it('makes a wrongly signed token that does not verify, and an expired one that is correctly signed', async () => {
    const source = createTokenSource({ auth: hs(), users });
    await expect(jwtVerify(await source.wrongSigned(), key)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
    await expect(jwtVerify(await source.expired(), key)).rejects.toMatchObject({
      code: 'ERR_JWT_EXPIRED',
    });
  });

  it.each(['RS256', 'ES256'] as JwtAlgorithm[])(
    'signs %s with a PEM private key',
    async (algorithm) => {
      const pair =
        algorithm === 'RS256'
          ? generateKeyPairSync('rsa', { modulusLength: 2048 })
          : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const source = createTokenSource({ auth: hs({ secret: pem, algorithm }), users });
      const publicKey = pair.publicKey;
      const { protectedHeader } = await jwtVerify(await source.tokenFor(1), publicKey);
      expect(protectedHeader.alg).toBe(algorithm);
      await expect(jwtVerify(await source.wrongSigned(), publicKey)).rejects.toThrow();
    },
  );

  it('with a ready token: one user, named by its sub, a tampered copy, nothing to mint', async () => {
    const minted = await createTokenSource({ auth: hs(), users }).tokenFor(7);
    const source = createTokenSource({ auth: { kind: 'token', token: minted }, users });
    expect(source.maxUsers).toBe(1);
    expect(source.canMint).toBe(false);
    expect(source.userId(1)).toBe('staging-e2e-user-007');
    expect(await source.tokenFor(1)).toBe(minted);
    await expect(source.tokenFor(2)).rejects.toThrow(/only one user/);
    const bad = await source.wrongSigned();
    expect(bad.split('.').slice(0, 2)).toEqual(minted.split('.').slice(0, 2));
    await expect(jwtVerify(bad, key)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
    await expect(source.expired()).rejects.toThrow(/cannot be minted/);
  });

  it('without credentials still makes a wrongly signed token', async () => {
    const source = createTokenSource({ auth: { kind: 'none' }, users });
    expect(source.maxUsers).toBe(0);
    const bad = await source.wrongSigned();
    await expect(jwtVerify(bad, key)).rejects.toThrow();
    expect(tamperSignature('a.b.')).toMatch(/^a\.b\.[\w-]{40,}$/);
  });
});
