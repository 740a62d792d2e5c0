/**
 * One WebSocket session with the service: open (token by the configured transport), wait
 * for the welcome, send frames, await the frames that match, and remember how it closed.
 * Every frame in and out goes to the evidence sink, redacted and cut short.
 */
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import type { ProtocolConfig } from '../config/protocol.js';
import { GateError, type Stage } from '../model.js';
import { recordEvidence, type EvidenceSink } from '../transport/evidence.js';
import {
  FrameQueue,
  type FramePredicate,
  type QueueEnd,
  type ReceivedFrame,
} from './frame-queue.js';
import { isObject, isWelcome, type Frame } from './frames.js';
import { MAX_FRAME_BYTES, openSocket, type WsConnectOptions } from './ws-connect.js';
import { sendAfterEndError, streamEndError, type StreamEndContext } from './stream-end.js';
import { timeoutError } from '../transport/transport-error.js';

/** Timings the session observes; the suite turns them into metric samples. */
export type WsMeasurement =
  | { kind: 'ping_rtt'; ms: number }
  | { kind: 'agent_started'; ms: number }
  | { kind: 'first_run_frame'; ms: number };

export interface WsSessionOptions extends Omit<WsConnectOptions, 'attach'> {
  protocol: ProtocolConfig;
  evidence?: EvidenceSink;
  /** prefixes evidence lines when a test holds several sessions ("user 2") */
  label?: string;
  onMeasure?: (m: WsMeasurement) => void;
}

export interface CloseInfo {
  code: number;
  reason: string;
  /** `performance.now()` when the close was seen */
  atMs: number;
  /** the socket error before the close (ECONNRESET…), if any */
  errorCode?: string;
  /** true when we closed it */
  byClient: boolean;
}

/** Where the session stood when a frame was sent: frames after `cursor` came after it. */
export interface SentMark {
  cursor: number;
  atMs: number;
}

export interface AwaitOptions {
  timeoutMs: number;
  stage: Stage;
  /** what was awaited, for the message: "pong for ping 3", "the welcome" */
  what: string;
  /** only frames received after this cursor */
  after?: number;
  /** `performance.now()` the elapsed time is measured from (default: when the await began) */
  since?: number;
  signal?: AbortSignal;
}

/** JSON frames kept for after-the-fact checks (isolation); heartbeats included. */
const MAX_HISTORY = 5_000;

export class WsSession {
  private readonly queue = new FrameQueue();
  private readonly seen: ReceivedFrame[] = [];
  private seq = 0;
  private closeInfo: CloseInfo | undefined;
  private lastErrorCode: string | undefined;
  private oversized = false;
  private closedByClient = false;
  private readonly closeWaiters = new Set<() => void>();
  private upgradeTime = 0;

  private constructor(
    private readonly ws: WebSocket,
    readonly options: WsSessionOptions,
    /** `performance.now()` when the upgrade was answered */
    readonly openedAt: number,
  ) {}

  /** Opens the socket; throws a GateError with the stage (connect, upgrade) on failure. */
  static async connect(options: WsSessionOptions): Promise<WsSession> {
    let session: WsSession | undefined;
    const opened = await openSocket({
      ...options,
      attach: (ws, openedAt, socket) => {
        session = new WsSession(ws, options, openedAt);
        session.listen();
        const s = session;
        socket?.on('error', (err: Error & { code?: string }) => (s.lastErrorCode ??= err.code));
      },
    });
    if (!session) throw new GateError('WebSocket opened without a session', { kind: 'protocol' });
    session.upgradeTime = opened.upgradeMs;
    return session;
  }

  /** connect started → upgrade answered, ms */
  get upgradeMs(): number {
    return this.upgradeTime;
  }

  get protocol(): ProtocolConfig {
    return this.options.protocol;
  }

  get isOpen(): boolean {
    return this.closeInfo === undefined;
  }

  get closed(): CloseInfo | undefined {
    return this.closeInfo;
  }

  /** The cursor now: frames received so far. */
  get cursor(): number {
    return this.seq;
  }

  /** Every JSON frame received so far (bounded), oldest first. */
  history(): readonly ReceivedFrame[] {
    return this.seen;
  }

  measure(m: WsMeasurement): void {
    this.options.onMeasure?.(m);
  }

  note(dir: 'in' | 'out' | 'close' | 'note', text: string): void {
    const prefix = this.options.label ? `[${this.options.label}] ` : '';
    recordEvidence(this.options.evidence, dir, prefix + text, this.options.secrets);
  }

  send(frame: Frame): SentMark {
    return this.sendText(JSON.stringify(frame));
  }

  /** Sends raw text (invalid JSON on purpose, for the parse-error check). */
  sendText(text: string): SentMark {
    if (this.closeInfo) {
      const end: QueueEnd = this.queue.end ?? {
        kind: 'closed',
        code: this.closeInfo.code,
        reason: this.closeInfo.reason,
        atMs: this.closeInfo.atMs,
      };
      throw sendAfterEndError(end, this.endContext());
    }
    const mark = { cursor: this.seq, atMs: performance.now() };
    this.note('out', text);
    this.ws.send(text);
    return mark;
  }

  async awaitFrame(accept: FramePredicate, opts: AwaitOptions): Promise<ReceivedFrame> {
    const since = opts.since ?? performance.now();
    const takeOpts: { after?: number; timeoutMs: number; signal?: AbortSignal } = {
      timeoutMs: opts.timeoutMs,
    };
    if (opts.after !== undefined) takeOpts.after = opts.after;
    const signal = opts.signal ?? this.options.signal;
    if (signal) takeOpts.signal = signal;
    const result = await this.queue.take(accept, takeOpts);
    if (result.kind === 'frame') return result.frame;
    if (result.kind === 'ended')
      throw streamEndError(result.end, opts.stage, opts.what, since, this.endContext());
    throw timeoutError(`WebSocket: ${opts.what}`, opts.stage, performance.now() - since);
  }

  awaitWelcome(timeoutMs: number): Promise<ReceivedFrame> {
    return this.awaitFrame((f) => isWelcome(f, this.protocol), {
      timeoutMs,
      stage: 'welcome',
      what: 'the welcome frame',
      since: this.openedAt,
    });
  }

  /** One ping → pong round trip (ms), matched by id. */
  async ping(timeoutMs: number, stage: Stage = 'response'): Promise<number> {
    const id = `sg-${randomUUID().slice(0, 8)}`;
    const m = this.protocol.messages;
    const mark = this.send({ type: m.ping, id, timestamp: Date.now() });
    const pong = await this.awaitFrame((f) => f.type === m.pong && f.msg?.id === id, {
      timeoutMs,
      stage,
      what: `${m.pong} for ${m.ping} ${id}`,
      after: mark.cursor,
      since: mark.atMs,
    });
    const rtt = pong.atMs - mark.atMs;
    this.measure({ kind: 'ping_rtt', ms: rtt });
    return rtt;
  }

  /** Resolves with the close once the server closes, or undefined after `timeoutMs`. */
  awaitClose(timeoutMs: number): Promise<CloseInfo | undefined> {
    if (this.closeInfo) return Promise.resolve(this.closeInfo);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.closeWaiters.delete(done);
        resolve(this.closeInfo);
      };
      const timer = setTimeout(done, timeoutMs);
      this.closeWaiters.add(done);
    });
  }

  /** Closes politely (1000), and for good if the server does not answer quickly. */
  async close(): Promise<void> {
    if (this.closeInfo) return;
    this.closedByClient = true;
    try {
      this.ws.close(1000, 'staging-gate done');
    } catch {
      this.ws.terminate();
    }
    if (!(await this.awaitClose(1_000))) this.ws.terminate();
  }

  private listen(): void {
    // one abort listener for the session's whole life, not one per awaited frame
    if (this.options.signal) this.queue.watch(this.options.signal);
    this.ws.on('message', (data: WebSocket.RawData, isBinary: boolean) =>
      this.receive(data, isBinary),
    );
    this.ws.on('error', (err: Error & { code?: string }) => {
      this.lastErrorCode ??= err.code;
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.oversized = true;
    });
    this.ws.on('close', (code: number, reason: Buffer) => {
      const info: CloseInfo = {
        code,
        reason: reason.toString('utf8'),
        atMs: performance.now(),
        byClient: this.closedByClient,
      };
      if (this.lastErrorCode !== undefined) info.errorCode = this.lastErrorCode;
      this.closeInfo = info;
      this.note(
        'close',
        `${code} ${info.reason}${info.errorCode ? ` (${info.errorCode})` : ''}`.trim(),
      );
      const end: QueueEnd = this.oversized
        ? { kind: 'oversized', atMs: info.atMs, code }
        : {
            kind: 'closed',
            code,
            reason: info.reason,
            atMs: info.atMs,
            ...(info.errorCode ? { errorCode: info.errorCode } : {}),
          };
      this.queue.finish(end);
      for (const w of [...this.closeWaiters]) w();
    });
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    // ws hands over a Buffer of its own (fragmented frames as a list): no copy needed
    const buf = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data);
    const text = isBinary ? `<binary ${buf.length} bytes>` : buf.toString('utf8');
    let msg: Record<string, unknown> | undefined;
    if (!isBinary) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (isObject(parsed)) msg = parsed;
      } catch {
        msg = undefined;
      }
    }
    const frame: ReceivedFrame = { seq: ++this.seq, atMs: performance.now() };
    if (msg) {
      frame.msg = msg;
      if (typeof msg.type === 'string') frame.type = msg.type;
      this.seen.push(frame);
      if (this.seen.length > MAX_HISTORY) this.seen.shift();
    } else {
      // only a frame that did not parse is ever quoted (stream-end.ts)
      frame.excerpt = text.slice(0, 400);
    }
    this.note('in', text);
    this.queue.push(frame);
  }

  private endContext(): StreamEndContext {
    return {
      secrets: this.options.secrets ?? [],
      maxPayload: this.options.maxPayload ?? MAX_FRAME_BYTES,
    };
  }
}
