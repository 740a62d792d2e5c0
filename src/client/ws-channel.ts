/**
 * A WebSocket as a channel of timed items, for declared scenarios (client/, not transport/:
 * it opens sockets with ws-connect.ts): every frame that came is
 * queued with the time it arrived, so a caller pulls them in order with its own timeout
 * (`next`), as it pulls SSE events from `transport/sse.ts`. The upgrade is
 * `client/ws-connect.ts`'s (stages, token transports, refused statuses); frames, the close
 * and what was sent are written to the evidence, redacted.
 */
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { openSocket } from './ws-connect.js';
import { recordEvidence, type EvidenceSink } from '../transport/evidence.js';
import { transportError } from '../transport/transport-error.js';
import type { AuthTransport } from '../config/protocol.js';
import { GateError } from '../model.js';

/** Frames kept unread before the channel gives up on a runaway sender. */
export const MAX_QUEUED_FRAMES = 10_000;

export type WsItem =
  | { type: 'message'; text: string; binary: boolean; at: number }
  | { type: 'close'; code: number; reason: string; at: number }
  | { type: 'timeout'; at: number }
  | { type: 'error'; error: GateError; at: number };

export interface WsChannelOptions {
  url: string;
  token?: string;
  transport: AuthTransport;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  evidence?: EvidenceSink;
  secrets?: readonly string[];
  /** prefix of evidence lines */
  label?: string;
}

export interface WsChannel {
  /** `performance.now()` when the connect began and when the upgrade was answered */
  readonly startedAt: number;
  readonly openedAt: number;
  /** the next frame, the close, an error, or `timeout` after `timeoutMs` */
  next(timeoutMs: number): Promise<WsItem>;
  /** throws a GateError when the socket is no longer open */
  send(text: string): void;
  /** our close; resolves with the close the service answered, or undefined after `timeoutMs` */
  close(
    code: number,
    reason: string,
    timeoutMs: number,
  ): Promise<{ code: number; reason: string } | undefined>;
  /** how it closed, once it has */
  readonly closed?: { code: number; reason: string };
  terminate(): void;
}

export async function openChannel(opts: WsChannelOptions): Promise<WsChannel> {
  const label = opts.label ? `${opts.label}: ` : '';
  const note = (dir: 'in' | 'out' | 'close' | 'http', text: string): void =>
    recordEvidence(opts.evidence, dir, `${label}${text}`, opts.secrets);
  const queue: WsItem[] = [];
  let waiter: ((item: WsItem) => void) | undefined;
  let closed: { code: number; reason: string } | undefined;
  let closeWaiter: ((c: { code: number; reason: string }) => void) | undefined;
  const push = (item: WsItem): void => {
    if (waiter) {
      const w = waiter;
      waiter = undefined;
      w(item);
    } else if (queue.length < MAX_QUEUED_FRAMES || item.type !== 'message') queue.push(item);
  };
  const startedAt = performance.now();
  const attach = (ws: WebSocket, _openedAt: number, socket: Duplex | undefined): void => {
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const text = isBinary ? `<binary frame, ${buf.length} bytes>` : buf.toString('utf8');
      note('in', text);
      push({ type: 'message', text, binary: isBinary, at: performance.now() });
    });
    ws.on('close', (code: number, reason: Buffer) => {
      closed = { code, reason: reason.toString('utf8') };
      note('close', `${code}${closed.reason ? ` ${closed.reason}` : ''}`);
      closeWaiter?.(closed);
      push({ type: 'close', code, reason: closed.reason, at: performance.now() });
    });
    const onError = (err: Error): void =>
      push({
        type: 'error',
        error: transportError(err, 'WebSocket', 'completion', performance.now() - startedAt),
        at: performance.now(),
      });
    ws.on('error', onError);
    socket?.on('error', onError);
  };
  let opened;
  try {
    opened = await openSocket({
      url: opts.url,
      transport: opts.transport,
      timeoutMs: opts.timeoutMs,
      attach,
      ...(opts.token !== undefined ? { token: opts.token } : {}),
      ...(opts.headers ? { headers: opts.headers } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.secrets ? { secrets: opts.secrets } : {}),
    });
  } catch (err) {
    note('http', `upgrade ✗ ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
  note('http', `upgrade → 101 (${Math.round(opened.upgradeMs)} ms)`);
  const { ws } = opened;
  return {
    startedAt,
    openedAt: opened.openedAt,
    get closed() {
      return closed;
    },
    next(timeoutMs) {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      if (closed) return Promise.resolve({ type: 'close', ...closed, at: performance.now() });
      return new Promise<WsItem>((done) => {
        const timer = setTimeout(() => {
          waiter = undefined;
          done({ type: 'timeout', at: performance.now() });
        }, timeoutMs);
        waiter = (item) => {
          clearTimeout(timer);
          done(item);
        };
      });
    },
    send(text) {
      if (ws.readyState !== WebSocket.OPEN) {
        throw new GateError(
          `WebSocket: cannot send, the socket is ${closed ? `closed (${closed.code}${closed.reason ? ` ${closed.reason}` : ''})` : 'not open'}`,
          {
            kind: 'closed',
            stage: 'send',
            ...(closed ? { closeCode: closed.code, closeReason: closed.reason } : {}),
          },
        );
      }
      note('out', text);
      ws.send(text);
    },
    close(code, reason, timeoutMs) {
      if (closed) return Promise.resolve(closed);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          closeWaiter = undefined;
          ws.terminate();
          resolve(undefined);
        }, timeoutMs);
        closeWaiter = (c) => {
          clearTimeout(timer);
          resolve(c);
        };
        note('out', `close ${code}${reason ? ` ${reason}` : ''}`);
        ws.close(code, reason);
      });
    },
    terminate() {
      ws.removeAllListeners('message');
      ws.terminate();
    },
  };
}
