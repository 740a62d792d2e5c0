/**
 * Edges a hostile service finds: a send after the stream ended says why it ended, a
 * WebSocket path that answers 200 is no WebSocket, and readiness reads a mislabelled
 * health body while the checks still refuse it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { probeHealth } from '../../src/client/health.js';
import { createHttpClient, lenientJson } from '../../src/client/http.js';
import { WsSession } from '../../src/client/ws-session.js';
import { DEFAULT_PROTOCOL } from '../../src/config/protocol.js';
import { GateError } from '../../src/model.js';
import { classifyFailure } from '../../src/runner/classify.js';
import { httpServer, wsServer, type Loopback } from './servers.js';

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const protocol = DEFAULT_PROTOCOL;
const welcome = JSON.stringify({ type: 'connection_established', data: { user_id: 'u1' } });

async function thrown(fn: () => unknown): Promise<GateError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GateError);
    return err as GateError;
  }
  throw new Error('nothing was thrown');
}

describe('hostile edges of the client', () => {
  it('a send after an oversized frame ended the stream is a protocol_violation, not a bare close', async () => {
    server = await wsServer((ws) => {
      ws.send(welcome);
      ws.send('x'.repeat(4096));
    });
    const session = await WsSession.connect({
      url: server.wsUrl,
      transport: 'header',
      timeoutMs: 1_000,
      protocol,
      maxPayload: 1024,
    });
    await session.awaitClose(2_000);
    const err = await thrown(() => session.send({ type: 'ping', id: 'late' }));
    expect(err.facts.stage).toBe('send');
    expect(err.message).toMatch(/a frame over 1024 bytes arrived before a frame could be sent/);
    expect(classifyFailure(err).category).toBe('protocol_violation');
  });

  it('a WebSocket path that answers 200 with a page is a protocol_violation at the upgrade', async () => {
    server = await httpServer(
      (_req, res) => res.end(),
      (_req, socket: Socket) => {
        socket.on('error', () => undefined);
        const page = '<!doctype html><title>app</title>';
        socket.end(
          `HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: ${page.length}\r\n\r\n${page}`,
        );
      },
    );
    const err = await thrown(() =>
      WsSession.connect({
        url: server?.wsUrl ?? '',
        transport: 'header',
        timeoutMs: 1_000,
        protocol,
      }),
    );
    expect(err.message).toMatch(/answered HTTP 200 instead of 101 Switching Protocols/);
    expect(err.facts).toMatchObject({ stage: 'upgrade', httpStatus: 200 });
    expect(classifyFailure(err).category).toBe('protocol_violation');
  });

  it('readiness reads a JSON health body sent as text/html; the body itself stays unparsed', async () => {
    server = await httpServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('{"status":"healthy","version":"v7"}');
    });
    const http = createHttpClient({ baseUrl: server.url, timeoutMs: 1_000 });
    try {
      expect(await probeHealth(http, protocol)()).toEqual({
        status: 200,
        body: { status: 'healthy', version: 'v7' },
      });
      const res = await http.get('/health');
      expect(res.body).toBeUndefined();
      expect(lenientJson(res)).toEqual({ status: 'healthy', version: 'v7' });
      expect(lenientJson({ body: undefined, text: '<html>{"a":1}' })).toBeUndefined();
      expect(lenientJson({ body: undefined, text: '{"cut": ' })).toBeUndefined();
    } finally {
      http.close();
    }
  });
});
