import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimHandle } from '../../src/sim/index.js';
import { closeProbes, connect, http, mintToken, openProbe, SECRET, user } from './wire.js';

let sim: SimHandle;
beforeAll(async () => {
  sim = await startSim({ jwtSecret: SECRET, eventSpacingMs: 1 });
});
afterAll(() => sim.close());
afterEach(closeProbes);

const badTokens = async () => ({
  'wrongly signed': await mintToken({ secret: 'another-secret-that-is-also-32-bytes-long' }),
  expired: await mintToken({ expiresIn: -120 }),
  malformed: 'not.a.jwt',
  'wrong issuer': await mintToken({ issuer: 'someone-else' }),
});

describe('HTTP auth', () => {
  it('a missing token is a JSON 401', async () => {
    const res = await http(sim.baseUrl, '/api/agents');
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({
      error: { code: 'TOKEN_MISSING', message: expect.any(String) },
    });
  });

  it('every bad token is a JSON 401 that does not echo the token', async () => {
    for (const [kind, token] of Object.entries(await badTokens())) {
      const res = await http(sim.baseUrl, '/api/threads', { token });
      expect(res.status, kind).toBe(401);
      expect(res.json?.error, kind).toMatchObject({ code: expect.stringMatching(/^TOKEN_/) });
      expect(res.text).not.toContain(token);
    }
    const expired = await http(sim.baseUrl, '/api/agents', {
      token: await mintToken({ expiresIn: -120 }),
    });
    expect(expired.json).toMatchObject({ error: { code: 'TOKEN_EXPIRED' } });
  });

  it('checks the audience when configured', async () => {
    const strict = await startSim({ jwtSecret: SECRET, audience: 'staging-api' });
    try {
      expect((await http(strict.baseUrl, '/api/agents', { token: await mintToken() })).status).toBe(
        401,
      );
      const ok = await http(strict.baseUrl, '/api/agents', {
        token: await mintToken({ audience: 'staging-api' }),
      });
      expect(ok.status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('verifies ES256 tokens with a PEM public key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const rsa = await startSim({ jwtSecret: SECRET, jwtPublicKey: await exportSPKI(publicKey) });
    try {
      const sign = (key: CryptoKey) =>
        new SignJWT({ type: 'access' })
          .setProtectedHeader({ alg: 'ES256' })
          .setSubject(user(1))
          .setIssuer('staging-gate')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(key);
      expect(
        (await http(rsa.baseUrl, '/api/agents', { token: await sign(privateKey) })).status,
      ).toBe(200);
      const other = await generateKeyPair('ES256');
      expect(
        (await http(rsa.baseUrl, '/api/agents', { token: await sign(other.privateKey) })).status,
      ).toBe(401);
      // HS tokens still verify with the secret
      expect((await http(rsa.baseUrl, '/api/agents', { token: await mintToken() })).status).toBe(
        200,
      );
    } finally {
      await rsa.close();
    }
  });
});

describe('WebSocket auth', () => {
  it('accepts the token in the header, the query and the echoed jwt subprotocol', async () => {
    const token = await mintToken();
    const viaHeader = await connect(sim.wsUrl, { token, transport: 'header' });
    const viaQuery = await connect(sim.wsUrl, { token, transport: 'query' });
    const viaProtocol = await connect(sim.wsUrl, { token, transport: 'subprotocol' });
    expect(viaProtocol.ws.protocol).toBe(`jwt.${Buffer.from(token).toString('base64url')}`);
    for (const probe of [viaHeader, viaQuery, viaProtocol]) {
      expect(probe.frames[0]).toMatchObject({
        type: 'connection_established',
        data: { user_id: user(1), connection_id: expect.any(String) },
        timestamp: expect.any(Number),
      });
    }
  });

  it('refuses an upgrade without a token with HTTP 401 and a JSON body', async () => {
    const probe = openProbe(sim.wsUrl);
    await probe.closed;
    expect(probe.upgradeStatus).toBe(401);
    expect(JSON.parse(probe.upgradeBody)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(probe.frames).toEqual([]);
  });

  it('closes 1008 before any frame for each bad token', async () => {
    for (const [kind, token] of Object.entries(await badTokens())) {
      const probe = openProbe(sim.wsUrl, { token });
      const closed = await probe.closed;
      expect(closed.code, kind).toBe(1008);
      expect(probe.frames, kind).toEqual([]);
      expect(closed.reason).not.toContain(token);
    }
  });

  it('honours the authTransport and wsInvalidToken variants', async () => {
    const strict = await startSim({
      jwtSecret: SECRET,
      variant: { authTransport: ['query'], wsInvalidToken: 'http-401' },
    });
    try {
      const token = await mintToken();
      const header = openProbe(strict.wsUrl, { token, transport: 'header' });
      await header.closed;
      expect(header.upgradeStatus).toBe(401);
      await connect(strict.wsUrl, { token, transport: 'query' });
      const bad = openProbe(strict.wsUrl, {
        token: await mintToken({ expiresIn: -60 }),
        transport: 'query',
      });
      await bad.closed;
      expect(bad.upgradeStatus).toBe(401);
    } finally {
      await strict.close();
    }
  });

  it('rejects an upgrade to another path with a JSON 404', async () => {
    const probe = openProbe(sim.wsUrl, { token: await mintToken(), path: '/websocket' });
    await probe.closed;
    expect(probe.upgradeStatus).toBe(404);
    expect(JSON.parse(probe.upgradeBody)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
