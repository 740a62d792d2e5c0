/**
 * One accepted WebSocket: sends frames in order (delayed by the `latency` option without ever
 * reordering), and knows the three ways a crash fault can end it.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { SimContext } from './context.js';
import { toEnvelope } from './envelope.js';
import { withExtraFields, type Frame } from './frames.js';
import { jittered } from './timers.js';

/** a client that stops reading is cut off before its backlog eats the memory */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** between the cut and the RST: long enough for bytes already written to be read */
const RESET_SETTLE_MS = 10;

export class SimConnection {
  readonly id = `conn_${randomUUID()}`;
  private lastAt = 0;
  private readonly pending: { at: number; action: () => void }[] = [];
  private readonly closeHandlers = new Set<() => void>();
  /** reset-mid-run cut the connection: nothing more is written */
  private cut = false;

  constructor(
    private readonly ctx: SimContext,
    readonly ws: WebSocket,
    private readonly socket: Socket,
    readonly userId: string,
  ) {
    ws.on('close', () => {
      for (const handler of this.closeHandlers) ctx.timers.guard(handler);
      this.closeHandlers.clear();
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Runs `handler` once when the socket closes; returns a function that unregisters it. */
  onClose(handler: () => void): () => void {
    this.closeHandlers.add(handler);
    return () => this.closeHandlers.delete(handler);
  }

  send(frame: Frame): void {
    this.enqueue(() => {
      const started = performance.now();
      const variant = this.ctx.options.variant;
      const extra = variant.extraFields ? withExtraFields(frame) : frame;
      const body = variant.envelope ? toEnvelope(extra as Frame) : extra;
      this.write(JSON.stringify(body), false, started);
    });
  }

  /** A frame that is not JSON: garbage, or a deliberately oversized payload. */
  sendRaw(data: string | Buffer, binary: boolean): void {
    this.enqueue(() => this.write(data, binary, performance.now()));
  }

  closeWith(code: number, reason: string): void {
    this.enqueue(() => {
      if (!this.cut) this.ws.close(code, reason);
    });
  }

  /** No close frame: the client sees 1006, as when a process dies. */
  destroy(): void {
    this.enqueue(() => this.ws.terminate());
  }

  /**
   * A TCP RST: the client sees ECONNRESET, as when a load balancer cuts the connection.
   * Nothing more is written from the moment of the cut, and the RST leaves a moment later:
   * an RST that overtakes bytes still on their way (another run's event written in the same
   * tick) reaches the client as a plain end of stream, which would be `close-1006`.
   */
  reset(): void {
    this.enqueue(() => {
      this.cut = true;
      this.ctx.timers.after(RESET_SETTLE_MS, () => {
        if (!this.socket.destroyed) this.socket.resetAndDestroy();
      });
    });
  }

  /**
   * Keeps order under latency and jitter: one timer for the head of a FIFO, since timers of
   * different durations may fire out of order (Node keys them to a cached loop time).
   */
  private enqueue(action: () => void): void {
    const latency = this.ctx.options.latency;
    if (!latency || (latency.ms <= 0 && latency.jitterMs <= 0)) {
      action();
      return;
    }
    const now = performance.now();
    const at = Math.max(
      now + jittered(latency.ms, latency.jitterMs, this.ctx.options.random),
      this.lastAt,
    );
    this.lastAt = at;
    this.pending.push({ at, action });
    if (this.pending.length === 1) this.armHead();
  }

  private armHead(): void {
    const head = this.pending[0];
    if (!head) return;
    // an action on a socket closed meanwhile is harmless: every action checks state
    this.ctx.timers.after(head.at - performance.now(), () => {
      const now = performance.now();
      while (this.pending.length > 0 && this.pending[0].at <= now + 1) {
        const next = this.pending.shift();
        if (next) this.ctx.timers.guard(next.action);
      }
      this.armHead();
    });
  }

  private write(data: string | Buffer, binary: boolean, started: number): void {
    if (!this.open || this.cut) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ws.close(1013, 'Client is not reading; try again later');
      return;
    }
    this.ws.send(data, { binary });
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    this.ctx.stats.recordFrame(bytes, performance.now() - started);
  }
}
