/**
 * The frames a WebSocket session has received and not yet handed out, and the waiters that
 * want one. A waiter takes the first frame after its cursor that its predicate accepts;
 * frames it does not want (heartbeats, strangers' events, answers to other requests) stay
 * for other waiters. This is what makes the client immune to interleaved frames: there is
 * no "read the next frame".
 */

import { onAbort } from './abort-hub.js';

export interface ReceivedFrame {
  /** arrival order within the session, from 1 */
  seq: number;
  /** `performance.now()` at arrival */
  atMs: number;
  /** the parsed frame, when it was a JSON object; undefined marks a malformed frame */
  msg?: Record<string, unknown>;
  /** `msg.type` when it is a string */
  type?: string;
  /**
   * The raw text, cut short: enough to show what a malformed frame was. Only malformed
   * frames carry it; a parsed frame is its `msg`, and copying thousands of them is waste.
   */
  excerpt?: string;
}

/** Why no more frames will come, or why the stream can no longer be trusted. */
export type QueueEnd =
  | { kind: 'closed'; code: number; reason: string; atMs: number; errorCode?: string }
  | { kind: 'malformed'; frame: ReceivedFrame }
  | { kind: 'oversized'; atMs: number; code: number };

export type TakeResult =
  | { kind: 'frame'; frame: ReceivedFrame }
  | { kind: 'ended'; end: QueueEnd }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

export type FramePredicate = (frame: ReceivedFrame) => boolean;

interface Waiter {
  after: number;
  accept: FramePredicate;
  /** waits on the watched signal: its one listener ends them */
  watched: boolean;
  settle(result: TakeResult): void;
}

/** Unclaimed frames kept at most; heartbeats of a long test must not grow memory forever. */
export const MAX_BUFFERED_FRAMES = 2_000;

export class FrameQueue {
  private readonly buffered: ReceivedFrame[] = [];
  private readonly waiters = new Set<Waiter>();
  private ended: QueueEnd | undefined;
  private watched: AbortSignal | undefined;
  private unwatch: (() => void) | undefined;
  private readonly abortWatched = (): void => {
    for (const w of [...this.waiters]) if (w.watched) w.settle({ kind: 'aborted' });
  };

  /**
   * Ends every wait on `signal` with one listener for the whole queue. A load test's
   * sessions share one attempt signal; a listener per wait would be added and removed on
   * every frame, and Node walks the signal's whole listener list each time.
   */
  watch(signal: AbortSignal): void {
    if (this.watched || this.ended) return;
    this.watched = signal;
    this.unwatch = onAbort(signal, this.abortWatched);
  }

  /** The end of the stream, once known. */
  get end(): QueueEnd | undefined {
    return this.ended;
  }

  push(frame: ReceivedFrame): void {
    if (this.ended) return;
    if (frame.msg === undefined) {
      // Malformed frames are never consumed: every waiter after them must hear of it.
      for (const w of [...this.waiters]) {
        if (frame.seq > w.after) w.settle({ kind: 'ended', end: { kind: 'malformed', frame } });
      }
      this.keep(frame);
      return;
    }
    for (const w of this.waiters) {
      if (frame.seq > w.after && w.accept(frame)) {
        w.settle({ kind: 'frame', frame });
        return;
      }
    }
    this.keep(frame);
  }

  /** No more frames: every waiter without a buffered match learns why. */
  finish(end: QueueEnd): void {
    if (this.ended) return;
    this.ended = end;
    for (const w of [...this.waiters]) w.settle({ kind: 'ended', end });
    // no wait can begin after the end: the signal need not hold this queue any longer
    this.unwatch?.();
  }

  /**
   * The first frame with `seq > after` that `accept` wants, from the buffer or as it comes.
   * A malformed frame met on the way ends the wait: a stream with junk in it is broken.
   */
  take(
    accept: FramePredicate,
    opts: { after?: number; timeoutMs: number; signal?: AbortSignal },
  ): Promise<TakeResult> {
    const after = opts.after ?? 0;
    for (let i = 0; i < this.buffered.length; i++) {
      const frame = this.buffered[i];
      if (frame.seq <= after) continue;
      if (frame.msg === undefined) {
        return Promise.resolve({ kind: 'ended', end: { kind: 'malformed', frame } });
      }
      if (accept(frame)) {
        this.buffered.splice(i, 1);
        return Promise.resolve({ kind: 'frame', frame });
      }
    }
    if (this.ended) return Promise.resolve({ kind: 'ended', end: this.ended });
    if (opts.signal?.aborted) return Promise.resolve({ kind: 'aborted' });

    // the watched signal already ends every wait; any other signal needs a listener of its own
    const watched = opts.signal !== undefined && opts.signal === this.watched;
    const signal = watched ? undefined : opts.signal;
    return new Promise<TakeResult>((resolve) => {
      const waiter: Waiter = {
        after,
        accept,
        watched,
        settle: (result) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          stopListening?.();
          resolve(result);
        },
      };
      const timer = setTimeout(
        () => waiter.settle({ kind: 'timeout' }),
        Math.max(0, opts.timeoutMs),
      );
      const stopListening = signal
        ? onAbort(signal, () => waiter.settle({ kind: 'aborted' }))
        : undefined;
      this.waiters.add(waiter);
    });
  }

  /** Unclaimed frames, oldest first (for tests and evidence). */
  pending(): readonly ReceivedFrame[] {
    return this.buffered;
  }

  private keep(frame: ReceivedFrame): void {
    this.buffered.push(frame);
    if (this.buffered.length > MAX_BUFFERED_FRAMES) this.buffered.shift();
  }
}
