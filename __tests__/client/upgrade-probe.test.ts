import { afterEach, describe, expect, it } from 'vitest';
import { probeUpgrade } from '../../src/client/upgrade-probe.js';
import { DEFAULT_PROTOCOL } from '../../src/config/protocol.js';
import { httpServer, wsServer, type Loopback } from './servers.js';

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const probe = (url: string) =>
  probeUpgrade({
    url,
    transport: 'header',
    timeoutMs: 1_000,
    protocol: DEFAULT_PROTOCOL,
    graceMs: 150,
  });
const welcome = JSON.stringify({ type: 'connection_established', data: {} });

describe('probeUpgrade', () => {
  it('reports a refused upgrade with its status', async () => {
    server = await httpServer(
      (_q, r) => r.end(),
      (_req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n'),
    );
    expect(await probe(server.wsUrl)).toEqual({ kind: 'rejected', httpStatus: 403 });
  });

  it('reports close 1008 right after the upgrade', async () => {
    server = await wsServer((ws) => ws.close(1008, 'Token signature is invalid'));
    expect(await probe(server.wsUrl)).toEqual({
      kind: 'closed',
      code: 1008,
      reason: 'Token signature is invalid',
      afterWelcome: false,
    });
  });

  it('reports close 1008 after a welcome as a close (before any agent event)', async () => {
    server = await wsServer((ws) => {
      ws.send(welcome);
      setTimeout(() => ws.close(1008, 'policy'), 30);
    });
    expect(await probe(server.wsUrl)).toMatchObject({
      kind: 'closed',
      code: 1008,
      afterWelcome: true,
    });
  });

  it('reports a welcome that stays open as accepted', async () => {
    server = await wsServer((ws) => ws.send(welcome));
    expect(await probe(server.wsUrl)).toMatchObject({ kind: 'accepted', how: 'welcome' });
  });

  it('reports a silent socket that answers a ping as accepted', async () => {
    server = await wsServer((ws) =>
      ws.on('message', (raw) =>
        ws.send(
          JSON.stringify({ type: 'pong', id: (JSON.parse(String(raw)) as { id: string }).id }),
        ),
      ),
    );
    expect(await probe(server.wsUrl)).toMatchObject({ kind: 'accepted', how: 'pong' });
  });
});
