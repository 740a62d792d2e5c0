import { connect as tcpConnect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimUsageError, startSim, type SimHandle } from '../../src/sim/index.js';
import { closeProbes, connect, http, mintToken, SECRET } from './wire.js';

let sim: SimHandle;
beforeAll(async () => {
  sim = await startSim({ jwtSecret: SECRET, eventSpacingMs: 1, heartbeatMs: 0 });
});
afterAll(() => sim.close());
afterEach(closeProbes);

/** Sends raw bytes and returns whatever comes back before the socket closes (bounded). */
function raw(bytes: string | Buffer, waitMs = 500): Promise<string> {
  return new Promise((resolve) => {
    const socket = tcpConnect(sim.port, '127.0.0.1');
    let got = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk: Buffer) => (got += chunk.toString('latin1')));
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes);
  });
}

describe('a misbehaving client never takes the service down', () => {
  it('odd request targets are answered, not thrown on', async () => {
    expect(await raw('GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 404/,
    );
    expect(await raw('GET //health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 404/,
    );
    expect(await raw('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 (400|404)/,
    );
    expect(
      await raw('GET /api/threads/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    ).toMatch(/^HTTP\/1\.1 401/);
  });

  it('garbage request lines and half upgrades get 400 or a close', async () => {
    const garbage = await raw('\x00\x01\x02 garbage\r\n\r\n');
    expect(garbage === '' || garbage.startsWith('HTTP/1.1 400')).toBe(true);
    const halfUpgrade =
      'GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n';
    expect(await raw(halfUpgrade)).toMatch(/^HTTP\/1\.1 401/);
    const token = await mintToken();
    const badKey = `GET /ws HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`;
    expect(await raw(badKey)).toMatch(/^HTTP\/1\.1 400/);
  });

  it('a client that disconnects mid-request or mid-upgrade leaves no harm', async () => {
    await raw('POST /api/threads HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"ti', 50);
    await raw('GET /ws HTTP/1.1\r\nHost: x\r\n', 50);
    const probe = await connect(sim.wsUrl, { token: await mintToken() });
    probe.send({ type: 'ping', id: 'alive' });
    await probe.waitFor((f) => f.type === 'pong');
    expect((await http(sim.baseUrl, '/health')).status).toBe(200);
  });

  it('invalid options are usage errors naming the option', async () => {
    await expect(startSim({ eventSpacingMs: -1 })).rejects.toThrow(SimUsageError);
    await expect(startSim({ port: 70_000 })).rejects.toThrow(/port/);
    await expect(startSim({ jwtPublicKey: 'not a pem' })).rejects.toThrow(/jwtPublicKey/);
    await expect(startSim({ faults: ['nope'] })).rejects.toThrow(/unknown fault/);
  });
});
