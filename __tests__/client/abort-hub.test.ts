import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onAbort } from '../../src/client/abort-hub.js';

describe('onAbort', () => {
  it('calls every callback once, through one real listener however many wait', () => {
    const abort = new AbortController();
    const calls: number[] = [];
    for (let i = 0; i < 500; i++) onAbort(abort.signal, () => calls.push(i));
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(1);
    abort.abort();
    abort.abort();
    expect(calls).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('does not call a cancelled callback', () => {
    const abort = new AbortController();
    const calls: string[] = [];
    const cancel = onAbort(abort.signal, () => calls.push('cancelled'));
    onAbort(abort.signal, () => calls.push('kept'));
    cancel();
    cancel();
    abort.abort();
    expect(calls).toEqual(['kept']);
  });

  it('registers nothing on a signal that has already aborted, as addEventListener would not fire', () => {
    const signal = AbortSignal.abort();
    let called = false;
    onAbort(signal, () => (called = true))();
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    expect(called).toBe(false);
  });

  it('keeps signals apart', () => {
    const a = new AbortController();
    const b = new AbortController();
    const calls: string[] = [];
    onAbort(a.signal, () => calls.push('a'));
    onAbort(b.signal, () => calls.push('b'));
    b.abort();
    expect(calls).toEqual(['b']);
  });
});
