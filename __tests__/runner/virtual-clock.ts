/**
 * A virtual clock for deterministic runner tests: time stands still while anything is
 * still happening (promise callbacks), and jumps to the next pending sleep only when the
 * process is otherwise idle (setImmediate runs after the microtask queue drains). Test
 * bodies must wait through this clock, never through real timers.
 */
import type { Clock } from '../../src/runner/clock.js';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export class VirtualClock implements Clock {
  private time = 0;
  private seq = 0;
  private timers: Timer[] = [];
  private scheduled = false;
  /** bound on fired timers, so a runaway loop fails the test instead of hanging it */
  private fired = 0;

  constructor(private readonly maxTimers = 100_000) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.timers.length === 0) return;
      if (++this.fired > this.maxTimers) throw new Error('virtual clock: too many timers');
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const timer = this.timers.shift();
      if (!timer) return;
      this.time = Math.max(this.time, timer.at);
      timer.resolve();
      if (this.timers.length > 0) this.schedule();
    });
  }
}
