import { describe, expect, it } from 'vitest';
import { ThreadStore } from '../../src/sim/store.js';

const limits = { users: 2, threadsPerUser: 3, messagesPerThread: 4, runsPerUser: 1 };

describe('ThreadStore', () => {
  it('keeps each user to their own threads, in creation order', () => {
    const store = new ThreadStore(limits, () => 0);
    const a = store.createThread('a', 'one');
    const b = store.createThread('b', 'two');
    expect(store.listThreads('a').map((t) => t.id)).toEqual([a.id]);
    expect(store.listThreads(null).map((t) => t.id)).toEqual([a.id, b.id]);
    expect(store.getThread(b.id)?.user_id).toBe('b');
  });

  it('evicts the oldest thread, message and user past each cap', () => {
    const store = new ThreadStore(limits, () => 0);
    const threads = [1, 2, 3, 4].map((i) => store.createThread('a', `t${i}`));
    expect(store.listThreads('a').map((t) => t.title)).toEqual(['t2', 't3', 't4']);
    expect(store.getThread(threads[0].id)).toBeUndefined();
    for (let i = 0; i < 6; i++) store.addMessage(threads[3].id, 'user', `m${i}`);
    expect(store.messages(threads[3].id).map((m) => m.content)).toEqual(['m2', 'm3', 'm4', 'm5']);
    store.createThread('b', 'b1');
    store.createThread('c', 'c1');
    expect(store.listThreads('a')).toEqual([]);
    expect(store.getThread(threads[3].id)).toBeUndefined();
    expect(store.listThreads(null).map((t) => t.title)).toEqual(['b1', 'c1']);
  });

  it('ignores messages to an unknown thread', () => {
    const store = new ThreadStore(limits, () => 0);
    expect(store.addMessage('nope', 'user', 'x')).toBeUndefined();
    expect(store.messages('nope')).toEqual([]);
  });
});
