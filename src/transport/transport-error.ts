/**
 * Transport failures (refused, reset, DNS, TLS, timeout) turned into the facts a
 * `GateError` carries, so that `runner/classify` can name them without parsing messages.
 */
import { GateError, type FailureFacts, type Stage } from '../model.js';

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_|HOSTNAME_MISMATCH)/;

/** The low-level error code node attaches (`ECONNREFUSED`…), if any. */
export function errorCodeOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export function transportKind(code: string | undefined): FailureFacts['kind'] {
  if (code === undefined) return 'reset';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (TLS_CODES.test(code)) return 'tls';
  // ECONNRESET, EPIPE, ECONNABORTED, socket hang up…: the peer cut the connection
  return 'reset';
}

/** A GateError for a transport failure while talking to `target` (a URL, redacted). */
export function transportError(
  err: unknown,
  target: string,
  stage: Stage,
  elapsedMs: number,
): GateError {
  const errorCode = errorCodeOf(err);
  const kind = transportKind(errorCode);
  const why = err instanceof Error ? err.message : String(err);
  const facts: FailureFacts = { kind, stage, elapsedMs };
  if (errorCode !== undefined) facts.errorCode = errorCode;
  return new GateError(
    `${target}: ${kind === 'refused' ? 'connection refused' : why} (${errorCode ?? kind}, stage ${stage}, after ${Math.round(elapsedMs)} ms)`,
    facts,
  );
}

export function timeoutError(what: string, stage: Stage, elapsedMs: number): GateError {
  return new GateError(`${what}: no answer within ${Math.round(elapsedMs)} ms (stage ${stage})`, {
    kind: 'timeout',
    stage,
    elapsedMs,
  });
}
