/**
 * Why a wait on a WebSocket ended without its frame, as a GateError with the facts that
 * classify it: the close code and reason (1011 → internal error), a reset, a frame that is
 * not JSON, a frame over the size limit.
 */
import { GateError, type FailureFacts, type Stage } from '../model.js';
import { evidenceText } from '../transport/evidence.js';
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
  return endError(end, stage, `while waiting for ${what}`, since, ctx);
}

/**
 * A frame could not be sent because the stream had already ended: with the cause of that end
 * (a frame over the size limit, a reset), not a bare close. A user's run events reach all of
 * that user's sockets, so a runaway frame of another test's run may have ended this one.
 */
export function sendAfterEndError(end: QueueEnd, ctx: StreamEndContext): GateError {
  const at = end.kind === 'malformed' ? end.frame.atMs : end.atMs;
  const ago = Math.round(performance.now() - at);
  return endError(end, 'send', `before a frame could be sent (${ago} ms earlier)`, at, ctx);
}

function endError(
  end: QueueEnd,
  stage: Stage,
  when: string,
  since: number,
  ctx: StreamEndContext,
): GateError {
  if (end.kind === 'malformed') {
    return new GateError(
      `WebSocket: a frame that is not a JSON object arrived ${when}: ${evidenceText(end.frame.excerpt ?? '', ctx.secrets, 120)}`,
      { kind: 'protocol', stage, elapsedMs: end.frame.atMs - since },
    );
  }
  if (end.kind === 'oversized') {
    // the facts alone (close 1009) would read as an abnormal close; the cause is the payload
    return new GateError(
      `WebSocket: a frame over ${ctx.maxPayload} bytes arrived ${when}; the client dropped the connection`,
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
    `WebSocket closed ${end.code}${reason}${reset ? ' (connection reset)' : ''} ${when}${stage === 'send' ? '' : ` (stage ${stage}, ${Math.round(end.atMs - since)} ms in)`}`,
    facts,
  );
}
