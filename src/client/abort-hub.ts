/**
 * Abort callbacks on a signal that many waits share. A load test's thousand sessions all
 * listen to their attempt's one signal; Node's `EventTarget` walks the whole listener list
 * on every `addEventListener` (to refuse duplicates), so a listener per session costs time
 * in the square of the session count. Here the signal gets one real listener, and the
 * callbacks live in a Set: adding and removing one is constant time.
 */
type Callback = () => void;

const hubs = new WeakMap<AbortSignal, Set<Callback>>();

/**
 * Calls `fn` once when `signal` aborts; the returned function cancels it. Like
 * `addEventListener`, nothing is called for a signal that has already aborted: check
 * `signal.aborted` first.
 */
export function onAbort(signal: AbortSignal, fn: Callback): () => void {
  if (signal.aborted) return () => undefined;
  let callbacks = hubs.get(signal);
  if (!callbacks) {
    const created = new Set<Callback>();
    callbacks = created;
    hubs.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        hubs.delete(signal);
        for (const cb of [...created]) {
          try {
            cb();
          } catch (err) {
            // as EventTarget does: one failing callback neither stops the others nor vanishes
            queueMicrotask(() => {
              throw err;
            });
          }
        }
        created.clear();
      },
      { once: true },
    );
  }
  const set = callbacks;
  set.add(fn);
  return () => void set.delete(fn);
}
