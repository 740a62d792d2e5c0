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
  const fromCode =
    facts.errorCode !== undefined ? categoryFromErrorCode(facts.errorCode) : undefined;
  if (fromCode) return fromCode;
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

/** Node's low-level error codes that name a transport failure without a GateError around them. */
function categoryFromErrorCode(code: string): FailureCategory | undefined {
  if (
    /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_SOCKET)$/.test(
      code,
    )
  ) {
    return 'connection_failed';
  }
  if (/^(CERT_|ERR_TLS_|UNABLE_TO_VERIFY|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED)/.test(code)) {
    return 'connection_failed';
  }
  if (
    /^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/.test(code)
  ) {
    return 'timeout';
  }
  return undefined;
}

/**
 * Facts of an error that is not a GateError: a raw Node/undici error that escaped a test
 * still says what happened through its `code` (or its cause's, as fetch() wraps them).
 */
function factsOfForeignError(err: unknown): FailureFacts {
  for (const source of [err, err instanceof Error ? err.cause : undefined]) {
    if (typeof source === 'object' && source !== null && 'code' in source) {
      const code = (source as { code: unknown }).code;
      if (typeof code === 'string') return { errorCode: code };
    }
  }
  if (err instanceof Error && err.name === 'TimeoutError') return { kind: 'timeout' };
  return {};
}

/** A readable message for anything that can be thrown, not "[object Object]". */
function describeThrown(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? err.cause.message : undefined;
    const message = err.message || err.name;
    return cause && !message.includes(cause) ? `${message} (${cause})` : message;
  }
  if (typeof err === 'string') return err;
  if (err === undefined || err === null) return `a test threw ${String(err)}`;
  let text: string;
  try {
    text = JSON.stringify(err) ?? String(err);
  } catch {
    text = String(err);
  }
  return `a test threw a non-Error value: ${text.length > 300 ? `${text.slice(0, 299)}…` : text}`;
}

export function classifyFailure(err: unknown, ctx: ClassifyContext = {}): Failure {
  const facts: FailureFacts = err instanceof GateError ? err.facts : factsOfForeignError(err);
  const message = describeThrown(err);
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
