/** Small shared judgments of the mcp modules: a classified failure, and a refusal expected. */
import type { RpcAnswer } from '../../agent/mcp/client.js';
import { GateError, type FailureCategory } from '../../model.js';

export function fail(category: FailureCategory, message: string, answer?: RpcAnswer): never {
  throw new GateError(
    message,
    answer ? { httpStatus: answer.status, elapsedMs: answer.ms } : {},
    category,
  );
}

/** `HTTP 200` or `HTTP 404 Session not found`: what an answer said, for messages. */
export function said(answer: RpcAnswer): string {
  const r = answer.response;
  const detail = r && 'error' in r ? ` (JSON-RPC error ${r.error.code} ${r.error.message})` : '';
  return `HTTP ${answer.status}${detail}`;
}
