import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { RunCoordinator } from '../../src/suite/run-coordinator.js';

describe('RunCoordinator', () => {
  it('gives one user one turn at a time, in order, and other users theirs at once', async () => {
    const c = new RunCoordinator();
    const order: string[] = [];
    const endA1 = await c.turn('a');
    const a2 = c.turn('a').then((end) => {
      order.push('a2');
      return end;
    });
    const endB = await c.turn('b');
    order.push('b');
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['b']);
    endA1();
    (await a2)();
    endB();
    expect(order).toEqual(['b', 'a2']);
    // every turn ended: the next is free
    (await c.turn('a'))();
  });

  it('adds no abort listener for a free turn, one for a turn it must wait for', async () => {
    const c = new RunCoordinator();
    const abort = new AbortController();
    const ends = await Promise.all(
      Array.from({ length: 100 }, (_, i) => c.turn(`user ${i}`, abort.signal)),
    );
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
    const queued = c.turn('user 0', abort.signal);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(1);
    ends.forEach((end) => end());
    (await queued)();
  });

  it('refuses a turn once the signal has aborted, and a queued turn when it aborts', async () => {
    const c = new RunCoordinator();
    await expect(c.turn('a', AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    const abort = new AbortController();
    const endFirst = await c.turn('a', abort.signal);
    const queued = c.turn('a', abort.signal);
    abort.abort(new Error('deadline'));
    await expect(queued).rejects.toThrow('deadline');
    endFirst();
    // a refused turn holds no place in the line
    (await c.turn('a'))();
  });
});
