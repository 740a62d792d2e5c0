/**
 * Failure classification: from what a test threw to one category of INTERFACE.md §3.
 * A check that knows its category (auth_not_enforced, missing_event, isolation_breach …)
 * says so on its GateError; otherwise the wire facts decide.
 */
import {
  GateError,
  type EvidenceEntry,
  type Failure,
  type FailureCategory,
  type FailureFacts,
} from '../model.js';

export interface ClassifyContext {
  /** the attempt's own deadline fired (per-test timeout or the run's global deadline) */
  timedOut?: boolean;
  /** evidence recorded by the attempt, used when the error carries none */
  evidence?: EvidenceEntry[];
}

/** The category the facts alone imply, or undefined when they imply nothing specific. */
export function categoryFromFacts(facts: FailureFacts): FailureCategory | undefined {
  if (facts.closeCode === 1011) return 'ws_internal_error';
  if (facts.closeCode === 1008) return 'auth_rejected';
  if (facts.kind === 'timeout') return 'timeout';
  if (
    facts.kind === 'refused' ||
    facts.kind === 'reset' ||
    facts.kind === 'dns' ||
    facts.kind === 'tls'
  ) {
    return 'connection_failed';
  }
  if (facts.httpStatus !== undefined) {
    const s = facts.httpStatus;
    if (s === 401 || s === 403) return 'auth_rejected';
    if (s === 502 || s === 503 || s === 504) return 'service_unavailable';
    if (s === 404) return 'not_found';
    if (s < 200 || s >= 300) return 'http_error';
  }
  if (facts.closeCode !== undefined) return 'ws_abnormal_close';
  if (facts.kind === 'closed') return 'ws_abnormal_close';
  if (facts.kind === 'protocol') return 'protocol_violation';
  return undefined;
}

export function classifyFailure(err: unknown, ctx: ClassifyContext = {}): Failure {
  const facts: FailureFacts = err instanceof GateError ? err.facts : {};
  const message = err instanceof Error ? err.message : String(err);
  let category: FailureCategory =
    (err instanceof GateError ? err.category : undefined) ??
    categoryFromFacts(facts) ??
    'assertion';
  if (ctx.timedOut && !(err instanceof GateError && err.category)) category = 'timeout';
  const evidence = (err instanceof GateError ? err.evidence : undefined) ?? ctx.evidence;
  const failure: Failure = { category, message };
  if (facts.stage !== undefined) failure.stage = facts.stage;
  if (facts.httpStatus !== undefined) failure.httpStatus = facts.httpStatus;
  if (facts.closeCode !== undefined) failure.closeCode = facts.closeCode;
  if (facts.closeReason !== undefined) failure.closeReason = facts.closeReason;
  if (facts.elapsedMs !== undefined) failure.elapsedMs = Math.round(facts.elapsedMs);
  if (evidence && evidence.length > 0) failure.evidence = evidence;
  return failure;
}
