/**
 * Was the run streamed, or buffered and sent at once? The classic bug (a proxy with
 * buffering on, compression middleware, a handler that never flushes) makes the time to
 * first token equal the whole run. The rule, stated once:
 *
 *   A run is buffered when it has at least MIN_EVENTS events, its terminal event came after
 *   at least MIN_RUN_MS, and every event arrived within the last BURST_SHARE of the run
 *   (at most max(BURST_FLOOR_MS, BURST_SHARE × run) between the first and the last event).
 *
 * A run shorter than MIN_RUN_MS cannot be told apart from a fast healthy one and is never
 * called buffered; the sim's healthy runs take longer than that, its `buffered` fault sends
 * them in one burst at the end.
 */
import type { AgentRun } from './model.js';

export const MIN_EVENTS = 3;
export const MIN_RUN_MS = 150;
export const BURST_SHARE = 0.1;
export const BURST_FLOOR_MS = 15;

export interface Buffering {
  buffered: boolean;
  /** ms between the first and the last event */
  spreadMs: number;
  /** ms from the request to the last event */
  runMs: number;
  events: number;
}

export function judgeBuffering(run: AgentRun): Buffering {
  const events = run.events;
  const runMs = events.length ? events[events.length - 1].atMs : 0;
  const spreadMs = events.length ? runMs - events[0].atMs : 0;
  const buffered =
    events.length >= MIN_EVENTS &&
    runMs >= MIN_RUN_MS &&
    spreadMs <= Math.max(BURST_FLOOR_MS, BURST_SHARE * runMs);
  return { buffered, spreadMs, runMs, events: events.length };
}
