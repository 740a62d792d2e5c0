/**
 * A run judged by the shared rules, as a failure a person reads: the channel's own failure
 * first (a reset, an HTTP error, a timeout, with its facts), then the first broken rule.
 */
import type { AgentRun } from '../../agent/model.js';
import { checkRun, type RunViolation } from '../../agent/run-order.js';
import { GateError } from '../../model.js';

/** Throws the channel's failure when the run never reached its terminal event because of it. */
export function throwIfChannelFailed(run: AgentRun, what: string): void {
  const reachedEnd = run.events.some((e) => e.kind === 'run_finished' || e.kind === 'run_error');
  if (reachedEnd) return;
  if (run.end.kind === 'failed') {
    throw new GateError(`${what}: ${run.end.message}`, run.end.facts);
  }
  // a stream that stalls (open, silent) is a timeout where it stalled; one that ends early is truncated
  if (run.end.kind === 'timeout') {
    const came =
      run.events.length === 0
        ? 'no event came'
        : `${run.events.length} events came, the last ${run.events[run.events.length - 1].wireType}, then nothing more`;
    throw new GateError(`${what}: ${came} within the timeout (stage ${run.end.stage})`, {
      kind: 'timeout',
      stage: run.end.stage,
      elapsedMs: run.end.atMs,
    });
  }
}

export function violationError(violation: RunViolation, what: string): GateError {
  const at = violation.event ? { elapsedMs: violation.event.atMs } : {};
  return new GateError(`${what}: ${violation.message}`, at, violation.category);
}

/** The run followed every shared rule, or a GateError with the category of the first it broke. */
export function expectCompleteRun(run: AgentRun, what: string): void {
  throwIfChannelFailed(run, what);
  const violation = checkRun(run);
  if (violation) throw violationError(violation, what);
}
