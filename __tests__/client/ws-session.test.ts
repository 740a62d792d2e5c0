import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { DEFAULT_PROTOCOL } from '../../src/config/protocol.js';
import { WsSession, type WsMeasurement } from '../../src/client/ws-session.js';
import { classifyFailure } from '../../src/runner/classify.js';
import { systemClock } from '../../src/runner/clock.js';
import { BoundedEvidenceLog } from '../../src/runner/evidence-log.js';
import {
  closedPort,
  collectingEvidence,
  httpServer,
  wsServer,
  type Loopback,
  caught,
} from './servers.js';

let server: Loopback | undefined;
const sessions: WsSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await server?.close();
  server = undefined;
});

const protocol = DEFAULT_PROTOCOL;
const send = (ws: WebSocket, frame: unknown): void => ws.send(JSON.stringify(frame));
const welcome = { type: 'connection_established', data: { connection_id: 'c1', user_id: 'u1' } };

async function open(
  url: string,
  extra: Partial<Parameters<typeof WsSession.connect>[0]> = {},
): Promise<WsSession> {
  const s = await WsSession.connect({
    url,
    transport: 'header',
    timeoutMs: 2_000,
    protocol,
    ...extra,
  });
  sessions.push(s);
  return s;
}

describe('WsSession', () => {
  it('waits for the welcome and matches a pong through heartbeats and strangers', async () => {
    server = await wsServer((ws) => {
      send(ws, { type: 'heartbeat' });
      send(ws, welcome);
      ws.on('message', (raw) => {
        const msg = JSON.parse(String(raw)) as { id: string };
        send(ws, { type: 'heartbeat' });
        send(ws, { type: 'agent_thinking', run_id: 'someone-else' });
        send(ws, { type: 'pong', id: 'not-yours' });
        send(ws, { type: 'heartbeat' });
        send(ws, { type: 'pong', id: msg.id });
      });
    });
    const measured: WsMeasurement[] = [];
    const s = await open(server.wsUrl, { onMeasure: (m) => measured.push(m) });
    const w = await s.awaitWelcome(1_000);
    expect(w.type).toBe('connection_established');
    const rtt = await s.ping(1_000);
    expect(rtt).toBeGreaterThan(0);
    expect(measured).toEqual([{ kind: 'ping_rtt', ms: rtt }]);
    // frames nobody wanted stay for whoever wants them later
    const stranger = await s.awaitFrame((f) => f.type === 'agent_thinking', {
      timeoutMs: 500,
      stage: 'response',
      what: 'x',
    });
    expect(stranger.msg?.run_id).toBe('someone-else');
  });

  it('accepts the older system_message welcome envelope', async () => {
    server = await wsServer((ws) =>
      send(ws, { type: 'system_message', data: { event: 'connection_established' } }),
    );
    const s = await open(server.wsUrl);
    expect((await s.awaitWelcome(1_000)).type).toBe('system_message');
  });

  it('fails a wait when the server closes 1011, with code, reason, stage and elapsed time', async () => {
    server = await wsServer((ws) => {
      send(ws, welcome);
      ws.on('message', () => setTimeout(() => ws.close(1011, 'Internal error'), 30));
    });
    const s = await open(server.wsUrl);
    await s.awaitWelcome(1_000);
    const mark = s.send({ type: 'start_agent', payload: { user_request: 'x' } });
    const err = await caught(
      s.awaitFrame((f) => f.type === 'agent_completed', {
        timeoutMs: 2_000,
        stage: 'completion',
        what: 'the end',
        since: mark.atMs,
      }),
    );
    expect(err.facts).toMatchObject({
      kind: 'closed',
      closeCode: 1011,
      closeReason: 'Internal error',
      stage: 'completion',
    });
    expect(err.facts.elapsedMs).toBeGreaterThan(0);
    expect(err.message).toContain('1011 "Internal error"');
    expect(classifyFailure(err).category).toBe('ws_internal_error');
  });

  it('still hands out frames that came before the close', async () => {
    server = await wsServer((ws) => {
      send(ws, welcome);
      ws.close(1000, 'bye');
    });
    const s = await open(server.wsUrl);
    expect((await s.awaitWelcome(1_000)).type).toBe('connection_established');
    expect((await s.awaitClose(1_000))?.code).toBe(1000);
  });

  it('keeps the HTTP status of a refused upgrade', async () => {
    server = await httpServer(
      (_q, r) => r.end(),
      (_req, socket) =>
        socket.end(
          'HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: 30\r\n\r\n{"detail":"Not authenticated"}',
        ),
    );
    const err = await caught(open(server.wsUrl));
    expect(err.facts).toMatchObject({ kind: 'status', httpStatus: 401, stage: 'upgrade' });
    expect(err.message).toContain('Not authenticated');
    expect(classifyFailure(err).category).toBe('auth_rejected');
  });

  it('fails a refused port in the connect stage', async () => {
    const port = await closedPort();
    const err = await caught(open(`ws://127.0.0.1:${port}/ws`));
    expect(err.facts).toMatchObject({
      kind: 'refused',
      stage: 'connect',
      errorCode: 'ECONNREFUSED',
    });
  });

  it('times out an upgrade that is never answered, in the upgrade stage', async () => {
    server = await httpServer(
      (_q, r) => r.end(),
      () => undefined,
    );
    const err = await caught(open(server.wsUrl, { timeoutMs: 150 }));
    expect(err.facts).toMatchObject({ kind: 'timeout', stage: 'upgrade' });
  });

  it('times out a missing welcome in the welcome stage', async () => {
    server = await wsServer(() => undefined);
    const s = await open(server.wsUrl);
    const err = await caught(s.awaitWelcome(100));
    expect(err.facts).toMatchObject({ kind: 'timeout', stage: 'welcome' });
  });

  it('treats a frame that is not JSON as a protocol violation', async () => {
    server = await wsServer((ws) => {
      ws.send('<<garbage>>');
      send(ws, welcome);
    });
    const s = await open(server.wsUrl);
    const err = await caught(s.awaitWelcome(1_000));
    expect(err.facts.kind).toBe('protocol');
    expect(classifyFailure(err).category).toBe('protocol_violation');
    // the junk is quoted; frames that parsed carry no copy of their text
    expect(err.message).toContain('<<garbage>>');
    expect(s.history().length).toBeGreaterThan(0);
    expect(s.history().every((f) => f.excerpt === undefined)).toBe(true);
  });

  it('keeps the secret and tokens out of a deferring evidence log, whatever the service echoes', async () => {
    const secret = 'SG-SECRET-echoed-back-by-the-service-42';
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    server = await wsServer((ws) => {
      send(ws, welcome);
      ws.on('message', (raw) => {
        send(ws, { type: 'echo', raw: String(raw), secret, json: JSON.stringify({ secret }) });
        ws.send(`not json ${secret} ${token}`);
      });
    });
    const evidence = new BoundedEvidenceLog(systemClock);
    const abort = new AbortController();
    const s = await open(server.wsUrl, {
      token,
      evidence,
      secrets: [secret],
      signal: abort.signal,
      label: 'user 1',
    });
    await s.awaitWelcome(1_000);
    s.send({ type: 'ping', id: '1', token, secret });
    const err = await caught(
      s.awaitFrame((f) => f.type === 'never', { timeoutMs: 2_000, stage: 'response', what: 'x' }),
    );
    expect(err.message).not.toContain(secret);
    const lines = evidence.entries();
    expect(lines.map((l) => l.dir)).toEqual(['in', 'out', 'in', 'in']);
    const text = lines.map((l) => l.text).join('\n');
    expect(text).toContain('[user 1]');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('c2lnbmF0dXJl');
    expect(text).not.toContain('eyJ');
  });

  it('ends every wait when its signal aborts, with one listener on the signal', async () => {
    server = await wsServer((ws) => send(ws, welcome));
    const abort = new AbortController();
    const s = await open(server.wsUrl, { signal: abort.signal });
    await s.awaitWelcome(1_000);
    const waits = Array.from({ length: 20 }, () =>
      caught(s.awaitFrame(() => false, { timeoutMs: 5_000, stage: 'completion', what: 'x' })),
    );
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(1);
    abort.abort();
    for (const err of await Promise.all(waits)) expect(err.facts.kind).toBe('timeout');
  });

  it('refuses a frame over its payload limit as a protocol violation', async () => {
    server = await wsServer((ws) => {
      send(ws, welcome);
      ws.send('x'.repeat(10_000));
    });
    const s = await open(server.wsUrl, { maxPayload: 1_000 });
    await s.awaitWelcome(1_000);
    const err = await caught(
      s.awaitFrame(() => false, { timeoutMs: 1_000, stage: 'completion', what: 'nothing' }),
    );
    expect(classifyFailure(err).category).toBe('protocol_violation');
  });

  it.each([
    [
      'header',
      (req: { headers: Record<string, unknown>; url?: string }) => req.headers.authorization,
    ],
    [
      'query',
      (req: { headers: Record<string, unknown>; url?: string }) =>
        new URL(req.url ?? '', 'http://x').searchParams.get('token'),
    ],
    [
      'subprotocol',
      (req: { headers: Record<string, unknown>; url?: string }) =>
        req.headers['sec-websocket-protocol'],
    ],
  ] as const)(
    'carries the token by %s, and keeps it out of the evidence',
    async (transport, seen) => {
      let carried: unknown;
      server = await wsServer(
        (ws, req) => {
          carried = seen(req);
          send(ws, welcome);
        },
        { handleProtocols: (p) => [...p][0] ?? false },
      );
      const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl';
      const evidence = collectingEvidence();
      const s = await open(server.wsUrl, { transport, token, evidence });
      await s.awaitWelcome(1_000);
      s.send({ type: 'ping', id: '1', echo: token });
      const expected = {
        header: `Bearer ${token}`,
        query: token,
        subprotocol: `jwt.${Buffer.from(token).toString('base64url')}`,
      }[transport];
      expect(carried).toBe(expected);
      expect(evidence.lines.join('\n')).not.toContain('c2lnbmF0dXJl');
      expect(evidence.lines.some((l) => l.startsWith('out '))).toBe(true);
    },
  );
});
