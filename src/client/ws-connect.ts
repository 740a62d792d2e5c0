/**
 * Opening a WebSocket: TCP connect, then the upgrade, each with its own stage, with the
 * token where the service wants it (header, subprotocol or query). A refused upgrade keeps
 * its HTTP status (401, 403, 404, 503…), which is what auth and routing checks need.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { AuthTransport } from '../config/protocol.js';
import { GateError } from '../model.js';
import { onAbort } from './abort-hub.js';
import { evidenceText } from '../transport/evidence.js';
import { timeoutError, transportError } from '../transport/transport-error.js';

/** Frames beyond this are a runaway payload: ws closes 1009 instead of buffering them. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export interface WsConnectOptions {
  url: string;
  token?: string;
  transport: AuthTransport;
  /** for the TCP connect and the upgrade together */
  timeoutMs: number;
  maxPayload?: number;
  signal?: AbortSignal;
  secrets?: readonly string[];
  /**
   * Called synchronously when the upgrade succeeds, before any frame can be emitted: a
   * welcome sent together with the 101 would otherwise reach a socket nobody listens to.
   */
  attach?: (ws: WebSocket, openedAt: number, socket: Duplex | undefined) => void;
}

export interface OpenedSocket {
  ws: WebSocket;
  /** connect started → upgrade answered, ms */
  upgradeMs: number;
  /** `performance.now()` when the upgrade was answered */
  openedAt: number;
}

/** The URL and subprotocols that carry `token` by `transport` (PROTOCOL.md §1). */
export function authTarget(
  url: string,
  token: string | undefined,
  transport: AuthTransport,
): { url: string; protocols: string[]; headers: Record<string, string> } {
  if (token === undefined) return { url, protocols: [], headers: {} };
  if (transport === 'subprotocol') {
    return {
      url,
      protocols: [`jwt.${Buffer.from(token, 'utf8').toString('base64url')}`],
      headers: {},
    };
  }
  if (transport === 'query') {
    const u = new URL(url);
    u.searchParams.set('token', token);
    return { url: u.toString(), protocols: [], headers: {} };
  }
  return { url, protocols: [], headers: { authorization: `Bearer ${token}` } };
}

/** Reads at most a little of a refused upgrade's body, for the failure message. */
function readSome(res: IncomingMessage, limit = 2048): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => resolve(Buffer.concat(chunks).toString('utf8').slice(0, limit));
    res.on('data', (c: Buffer) => {
      if (size < limit) chunks.push(c);
      size += c.length;
      if (size >= limit) done();
    });
    res.on('end', done);
    res.on('error', done);
    setTimeout(done, 500).unref();
  });
}

export function openSocket(opts: WsConnectOptions): Promise<OpenedSocket> {
  const target = authTarget(opts.url, opts.token, opts.transport);
  // the URL as a failure message may show it; made only when one is, not for every socket
  const shown = (): string => evidenceText(opts.url, opts.secrets);
  return new Promise<OpenedSocket>((resolve, reject) => {
    const started = performance.now();
    let stage: 'connect' | 'upgrade' = 'connect';
    let settled = false;
    const elapsed = (): number => performance.now() - started;
    const ws = new WebSocket(target.url, target.protocols, {
      headers: target.headers,
      maxPayload: opts.maxPayload ?? MAX_FRAME_BYTES,
      followRedirects: false,
      perMessageDeflate: false,
      finishRequest: (req: ClientRequest) => {
        req.on('socket', (socket) => {
          const event = target.url.startsWith('wss:') ? 'secureConnect' : 'connect';
          if (!socket.connecting) stage = 'upgrade';
          else socket.once(event, () => (stage = 'upgrade'));
        });
        req.end();
      },
    });
    const fail = (err: GateError): void => {
      if (settled) return;
      settled = true;
      cleanup();
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(err);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      stopListening?.();
    };
    const giveUp = (): void => fail(timeoutError(`WebSocket ${shown()}`, stage, elapsed()));
    const timer = setTimeout(giveUp, opts.timeoutMs);
    const stopListening = opts.signal ? onAbort(opts.signal, giveUp) : undefined;

    ws.on('unexpected-response', (req: ClientRequest, res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      void readSome(res).then((body) => {
        req.destroy();
        const excerpt = evidenceText(body, opts.secrets, 200);
        // A success instead of 101 is no refusal: the endpoint is not a WebSocket at all (a
        // proxy or an SPA fallback serving a page on the path), which no status category names.
        const notWs = status >= 200 && status < 300;
        const what = notWs
          ? `answered HTTP ${status} instead of 101 Switching Protocols: not a WebSocket endpoint`
          : `upgrade refused with HTTP ${status}`;
        fail(
          new GateError(`WebSocket ${shown()}: ${what}${excerpt ? `: ${excerpt}` : ''}`, {
            kind: notWs ? 'protocol' : 'status',
            stage: 'upgrade',
            httpStatus: status,
            elapsedMs: elapsed(),
          }),
        );
      });
    });
    ws.on('error', (err) => fail(transportError(err, `WebSocket ${shown()}`, stage, elapsed())));
    ws.on('close', (code, reason) =>
      fail(
        new GateError(`WebSocket ${shown()}: closed ${code} during the upgrade`, {
          kind: 'closed',
          stage,
          closeCode: code,
          closeReason: reason.toString('utf8'),
          elapsedMs: elapsed(),
        }),
      ),
    );
    // ws swallows errors of the TCP socket (ECONNRESET): the session listens to it itself
    let socket: Duplex | undefined;
    ws.once('upgrade', (res: IncomingMessage) => (socket = res.socket));
    ws.on('open', () => {
      if (settled) return;
      settled = true;
      cleanup();
      ws.removeAllListeners();
      const openedAt = performance.now();
      opts.attach?.(ws, openedAt, socket);
      resolve({ ws, upgradeMs: openedAt - started, openedAt });
    });
  });
}
