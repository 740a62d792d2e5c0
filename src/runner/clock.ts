/**
 * Time, injectable: the runner and readiness wait only read time and sleep through a
 * `Clock`, so tests can drive them with a virtual clock and stay deterministic.
 */

export interface Clock {
  /** monotonic milliseconds; only differences are meaningful */
  now(): number;
  /**
   * Resolves after `ms`, or early as soon as `signal` aborts. Never rejects: callers that
   * race a sleep check `signal.aborted` to tell a cancelled timer from one that fired.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  // performance.now is monotonic: a wall-clock jump (NTP) must not fire or stall a timeout.
  now: () => performance.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
