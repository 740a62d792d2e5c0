/**
 * Why a wait on a WebSocket ended without its frame, as a GateError with the facts that
 * classify it: the close code and reason (1011 → internal error), a reset, a frame that is
 * not JSON, a frame over the size limit.
 */
import { GateError, type FailureFacts, type Stage } from '../model.js';
import { evidenceText } from './evidence.js';
import type { QueueEnd } from './frame-queue.js';

export interface StreamEndContext {
  secrets: readonly string[];
  maxPayload: number;
}

export function streamEndError(
  end: QueueEnd,
  stage: Stage,
  what: string,
  since: number,
  ctx: StreamEndContext,
): GateError {
  if (end.kind === 'malformed') {
    return new GateError(
      `WebSocket: a frame that is not a JSON object arrived while waiting for ${what}: ${evidenceText(end.frame.excerpt, ctx.secrets, 120)}`,
      { kind: 'protocol', stage, elapsedMs: end.frame.atMs - since },
    );
  }
  if (end.kind === 'oversized') {
    // the facts alone (close 1009) would read as an abnormal close; the cause is the payload
    return new GateError(
      `WebSocket: a frame over ${ctx.maxPayload} bytes arrived while waiting for ${what}; the client dropped the connection`,
      { kind: 'protocol', stage, elapsedMs: end.atMs - since },
      'protocol_violation',
    );
  }
  const reset = end.errorCode === 'ECONNRESET';
  const facts: FailureFacts = {
    kind: reset ? 'reset' : 'closed',
    stage,
    closeCode: end.code,
    closeReason: end.reason,
    elapsedMs: end.atMs - since,
  };
  if (end.errorCode !== undefined) facts.errorCode = end.errorCode;
  const reason = end.reason ? ` "${end.reason}"` : '';
  return new GateError(
    `WebSocket closed ${end.code}${reason}${reset ? ' (connection reset)' : ''} while waiting for ${what} (stage ${stage}, ${Math.round(end.atMs - since)} ms in)`,
    facts,
  );
}
