import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameQueue, type ReceivedFrame } from '../../src/client/frame-queue.js';

let seq = 0;
const frame = (type: string, extra: Record<string, unknown> = {}): ReceivedFrame => ({
  seq: ++seq,
  atMs: performance.now(),
  msg: { type, ...extra },
  type,
  excerpt: type,
});

describe('FrameQueue', () => {
  it('hands each waiter the frames it wants, in arrival order, whatever is interleaved', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('heartbeat', 'wanted', 'other', 'pong'), { maxLength: 40 }),
        fc.integer({ min: 0, max: 40 }),
        async (types, pushedBefore) => {
          const q = new FrameQueue();
          const frames = types.map((t, i) => frame(t, { i }));
          const split = Math.min(pushedBefore, frames.length);
          frames.slice(0, split).forEach((f) => q.push(f));
          const wanted = frames.filter((f) => f.type === 'wanted');
          const got: ReceivedFrame[] = [];
          const taking = (async () => {
            for (let n = 0; n < wanted.length; n++) {
              const r = await q.take((f) => f.type === 'wanted', { timeoutMs: 1_000 });
              if (r.kind === 'frame') got.push(r.frame);
            }
          })();
          frames.slice(split).forEach((f) => q.push(f));
          await taking;
          expect(got.map((f) => f.msg?.i)).toEqual(wanted.map((f) => f.msg?.i));
          // nothing wanted is left behind, everything unwanted still is
          expect(q.pending().every((f) => f.type !== 'wanted')).toBe(true);
          expect(q.pending().length).toBe(frames.length - wanted.length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('only looks after the cursor', async () => {
    const q = new FrameQueue();
    const old = frame('pong');
    q.push(old);
    const waiting = q.take((f) => f.type === 'pong', { after: old.seq, timeoutMs: 500 });
    const fresh = frame('pong');
    q.push(fresh);
    expect(await waiting).toEqual({ kind: 'frame', frame: fresh });
  });

  it('tells every waiter about the close, but serves frames that came before it', async () => {
    const q = new FrameQueue();
    const before = frame('agent_completed');
    q.push(before);
    const a = q.take((f) => f.type === 'x', { timeoutMs: 1_000 });
    const b = q.take((f) => f.type === 'y', { timeoutMs: 1_000 });
    q.finish({ kind: 'closed', code: 1011, reason: 'Internal error', atMs: 1 });
    expect((await a).kind).toBe('ended');
    expect((await b).kind).toBe('ended');
    expect(await q.take((f) => f.type === 'agent_completed', { timeoutMs: 10 })).toEqual({
      kind: 'frame',
      frame: before,
    });
  });

  it('ends waits at a malformed frame, now and later', async () => {
    const q = new FrameQueue();
    const waiting = q.take((f) => f.type === 'pong', { timeoutMs: 1_000 });
    const junk: ReceivedFrame = { seq: ++seq, atMs: 0, excerpt: '<<garbage>>' };
    q.push(junk);
    expect(await waiting).toEqual({ kind: 'ended', end: { kind: 'malformed', frame: junk } });
    q.push(frame('pong'));
    expect((await q.take((f) => f.type === 'pong', { timeoutMs: 10 })).kind).toBe('ended');
  });

  it('times out and aborts', async () => {
    const q = new FrameQueue();
    expect(await q.take(() => true, { timeoutMs: 5 })).toEqual({ kind: 'timeout' });
    const abort = new AbortController();
    const waiting = q.take(() => true, { timeoutMs: 1_000, signal: abort.signal });
    abort.abort();
    expect(await waiting).toEqual({ kind: 'aborted' });
  });

  it('ends every wait on a watched signal through one listener, and no wait on another', async () => {
    const q = new FrameQueue();
    const abort = new AbortController();
    q.watch(abort.signal);
    const watched = Array.from({ length: 50 }, () =>
      q.take(() => false, { timeoutMs: 5_000, signal: abort.signal }),
    );
    const unsignalled = q.take(() => false, { timeoutMs: 50 });
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(1);
    abort.abort();
    expect(await Promise.all(watched)).toEqual(watched.map(() => ({ kind: 'aborted' })));
    expect(await unsignalled).toEqual({ kind: 'timeout' });
    // a wait begun after the abort ends at once
    expect(await q.take(() => true, { timeoutMs: 5_000, signal: abort.signal })).toEqual({
      kind: 'aborted',
    });
  });

  it('still listens to a signal other than the watched one', async () => {
    const q = new FrameQueue();
    q.watch(new AbortController().signal);
    const other = new AbortController();
    const waiting = q.take(() => true, { timeoutMs: 5_000, signal: other.signal });
    other.abort();
    expect(await waiting).toEqual({ kind: 'aborted' });
  });
});
