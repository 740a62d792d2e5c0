/**
 * The WebSocket upgrade: fault gates, the startup window, token transports and verification,
 * then the welcome frame. A missing token is refused with HTTP 401; an invalid one is
 * accepted and closed 1008 before any event (or refused 401, with the `wsInvalidToken`
 * variant) — both permitted by PROTOCOL.md §1.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SUBPROTOCOL_PREFIX, upgradeToken } from './auth.js';
import type { SimContext } from './context.js';
import { errorBody, welcomeFrame } from './frames.js';
import { drip, rawResponse, refuseUpgrade } from './raw-http.js';
import { requestTarget } from './request-target.js';
import { jittered } from './timers.js';
import { SimConnection } from './ws-connection.js';
import { handleClientFrame } from './ws-messages.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export function createUpgradeHandler(ctx: SimContext, wss: WebSocketServer) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => {});
    upgrade(ctx, wss, req, socket, head).catch(() => {
      ctx.stats.handlerErrors += 1;
      socket.destroy();
    });
  };
}

/** Echo the `jwt.<token>` protocol when that transport is on; else the client's first offer. */
export function selectProtocol(ctx: SimContext) {
  return (protocols: Set<string>): string | false => {
    const offered = [...protocols];
    const jwt = offered.find((p) => p.startsWith(SUBPROTOCOL_PREFIX));
    if (jwt && ctx.options.variant.authTransport.includes('subprotocol')) return jwt;
    return offered.find((p) => !p.startsWith(SUBPROTOCOL_PREFIX)) ?? false;
  };
}

async function upgrade(
  ctx: SimContext,
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  const { faults, options } = ctx;
  const pathname = requestTarget(req.url).pathname;
  const refuse = (status: number, body: string, headers: Record<string, string> = JSON_HEADERS) =>
    refuseUpgrade(socket, status, headers, body);

  if (faults.names.has('hang')) return;
  if (faults.names.has('slowloris')) {
    const body = JSON.stringify(errorBody('SERVICE_UNAVAILABLE', 'Overloaded'));
    return drip(ctx.timers, socket, rawResponse(503, JSON_HEADERS, body), faults.slowlorisByteMs);
  }
  if (faults.names.has('redirect-loop')) return refuse(302, 'Found', { Location: req.url ?? '/' });
  if (faults.http404.some((p) => p.test(pathname))) {
    return refuse(404, 'Not Found', { 'Content-Type': 'text/plain' });
  }
  if (faults.http500.some((p) => p.test(pathname))) {
    return refuse(500, JSON.stringify(errorBody('INTERNAL_ERROR', 'Internal server error')));
  }
  if (pathname !== options.wsPath) {
    return refuse(
      404,
      JSON.stringify(errorBody('NOT_FOUND', `No WebSocket endpoint at ${pathname}`)),
    );
  }
  if (!ctx.readiness.state().ready) {
    return refuse(503, JSON.stringify(errorBody('SERVICE_STARTING', 'Startup in progress')));
  }

  const token = upgradeToken(req, options.variant.authTransport);
  const outcome = await ctx.verify(token);
  const unauthorized = (message: string) =>
    refuse(401, JSON.stringify(errorBody('UNAUTHORIZED', message)), {
      ...JSON_HEADERS,
      'WWW-Authenticate': 'Bearer',
    });
  if (
    !outcome.ok &&
    (outcome.code === 'TOKEN_MISSING' || options.variant.wsInvalidToken === 'http-401')
  ) {
    return unauthorized(outcome.message);
  }
  const latency = options.latency;
  if (latency) {
    const ms = jittered(latency.ms, latency.jitterMs, options.random);
    await new Promise<void>((resolve) => ctx.timers.after(ms, resolve));
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (!outcome.ok) return ws.close(1008, outcome.message);
    if (faults.names.has('ws-1011-on-connect')) return ws.close(1011, 'Internal error');
    accept(ctx, ws, socket as Socket, outcome.userId);
  });
}

function accept(ctx: SimContext, ws: WebSocket, socket: Socket, userId: string): void {
  const conn = new SimConnection(ctx, ws, socket, userId);
  ctx.connections.add(conn);
  ctx.stats.connectionsOpen += 1;
  ctx.stats.connectionsTotal += 1;
  // ws reports oversized frames and protocol errors here, then closes (1009, 1002): not a crash
  ws.on('error', () => {});
  ws.on('close', () => {
    ctx.connections.remove(conn);
    ctx.stats.connectionsOpen -= 1;
  });
  ws.on('message', (data, isBinary) =>
    ctx.timers.guard(() => handleClientFrame(ctx, conn, data, isBinary)),
  );
  conn.send(welcomeFrame(ctx.options.variant, conn.id, userId, ctx.options.now()));
}
