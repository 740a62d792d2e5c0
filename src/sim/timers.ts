/**
 * Every timer the service arms goes through one TimerBag, so that `close()` can cancel them
 * all and a callback that throws is counted instead of crashing the process.
 */

export type Cancel = () => void;

export class TimerBag {
  private readonly pending = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly onError: (err: unknown) => void) {}

  after(ms: number, fn: () => void): Cancel {
    if (this.closed) return () => {};
    const timer = setTimeout(
      () => {
        this.pending.delete(timer);
        this.guard(fn);
      },
      Math.max(0, ms),
    );
    this.pending.add(timer);
    return () => {
      clearTimeout(timer);
      this.pending.delete(timer);
    };
  }

  every(ms: number, fn: () => void): Cancel {
    if (this.closed) return () => {};
    const timer = setInterval(() => this.guard(fn), ms);
    this.pending.add(timer);
    return () => {
      clearInterval(timer);
      this.pending.delete(timer);
    };
  }

  guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onError(err);
    }
  }

  clearAll(): void {
    this.closed = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}

/** A delay of `ms` ± `jitterMs`, never negative. */
export function jittered(ms: number, jitterMs: number, random: () => number): number {
  return Math.max(0, ms + (random() * 2 - 1) * jitterMs);
}
