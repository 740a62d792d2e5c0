/**
 * JSON-RPC 2.0 over HTTP for A2A, on the shared SSE transport: one call answered by a JSON
 * body, or a streaming call answered by `text/event-stream` whose every event is a JSON-RPC
 * response. Every request carries `A2A-Version`. The envelope is judged here (jsonrpc
 * "2.0", our id, exactly one of result and error); what the result means is the caller's.
 */
import { randomUUID } from 'node:crypto';
import type { EvidenceSink } from '../../transport/evidence.js';
import { GateError } from '../../model.js';
import { openStream, type StreamResponse } from '../../transport/sse.js';
import type { A2aVersion } from './wire.js';

export interface RpcTarget {
  /** the JSON-RPC endpoint, absolute */
  url: string;
  version: A2aVersion;
  secrets: readonly string[];
}

export interface RpcOptions {
  token?: string;
  signal?: AbortSignal;
  evidence?: EvidenceSink;
  timeoutMs: number;
  label?: string;
  /** replaces the `A2A-Version` header value (the unsupported-version check) */
  versionHeader?: string;
}

export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

/** A JSON-RPC answer, read: the HTTP status, and the result or the error. */
export type RpcAnswer =
  | { status: number; kind: 'result'; result: unknown; raw: unknown }
  | { status: number; kind: 'error'; error: RpcError; raw: unknown }
  /** not a JSON-RPC response at all (HTML, an empty body, a plain 401) */
  | { status: number; kind: 'other'; text: string; contentType: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A parsed JSON-RPC response envelope, or why it is not one. */
export function readEnvelope(
  raw: unknown,
  id: string | number,
):
  | { ok: true; answer: { kind: 'result'; result: unknown } | { kind: 'error'; error: RpcError } }
  | { ok: false; problem: string } {
  if (!isRecord(raw)) return { ok: false, problem: 'not a JSON object' };
  if (raw.jsonrpc !== '2.0')
    return { ok: false, problem: `"jsonrpc" is ${JSON.stringify(raw.jsonrpc)}, not "2.0"` };
  const hasResult = 'result' in raw;
  const hasError = 'error' in raw;
  if (hasResult === hasError)
    return { ok: false, problem: 'a JSON-RPC response holds exactly one of "result" and "error"' };
  if (hasError) {
    const e = raw.error;
    if (!isRecord(e) || !Number.isInteger(e.code) || typeof e.message !== 'string')
      return { ok: false, problem: 'the "error" member has no integer code and string message' };
    // an error about the request itself may carry id null (parse error, invalid request)
    if (raw.id !== id && raw.id !== null)
      return {
        ok: false,
        problem: `the response id ${JSON.stringify(raw.id)} is not ours (${JSON.stringify(id)})`,
      };
    const error: RpcError = { code: e.code as number, message: e.message };
    if (e.data !== undefined) error.data = e.data;
    return { ok: true, answer: { kind: 'error', error } };
  }
  if (raw.id !== id)
    return {
      ok: false,
      problem: `the response id ${JSON.stringify(raw.id)} is not ours (${JSON.stringify(id)})`,
    };
  return { ok: true, answer: { kind: 'result', result: raw.result } };
}

function headersFor(target: RpcTarget, opts: RpcOptions): Record<string, string> {
  return { 'A2A-Version': opts.versionHeader ?? target.version };
}

/** One call answered by a JSON body. A malformed envelope is a GateError (`protocol_violation`). */
export async function callRpc(
  target: RpcTarget,
  method: string,
  params: unknown,
  opts: RpcOptions,
): Promise<RpcAnswer> {
  const id = randomUUID();
  return sendRaw(target, { jsonrpc: '2.0', id, method, params }, id, opts);
}

/** Sends any body (the bad-request checks send malformed ones) and reads the answer against `id`. */
export async function sendRaw(
  target: RpcTarget,
  body: unknown,
  id: string | number,
  opts: RpcOptions,
): Promise<RpcAnswer> {
  const res = await openStream({
    url: target.url,
    method: 'POST',
    body,
    headers: { ...headersFor(target, opts), accept: 'application/json' },
    timeoutMs: opts.timeoutMs,
    secrets: target.secrets,
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.evidence ? { evidence: opts.evidence } : {}),
    ...(opts.label ? { label: opts.label } : {}),
  });
  if (res.isEventStream) {
    res.close();
    throw new GateError(
      `POST ${new URL(target.url).pathname} → ${res.status}: a stream where one JSON-RPC response was asked for`,
      { kind: 'protocol', httpStatus: res.status, stage: 'response' },
      'protocol_violation',
    );
  }
  const text = await res.text(opts.timeoutMs);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { status: res.status, kind: 'other', text, contentType: res.contentType };
  }
  const env = readEnvelope(parsed, id);
  if (!env.ok) {
    if (res.status >= 400)
      return { status: res.status, kind: 'other', text, contentType: res.contentType };
    throw new GateError(
      `POST ${new URL(target.url).pathname} → ${res.status}: not a JSON-RPC 2.0 response (${env.problem}): ${text.slice(0, 200)}`,
      { kind: 'protocol', httpStatus: res.status, stage: 'response' },
      'protocol_violation',
    );
  }
  return { status: res.status, ...env.answer, raw: parsed };
}

/** A streaming call: the open response (SSE, or a JSON body when the server answered with an error). */
export async function openRpcStream(
  target: RpcTarget,
  method: string,
  params: unknown,
  opts: RpcOptions,
): Promise<{ id: string; response: StreamResponse }> {
  const id = randomUUID();
  const response = await openStream({
    url: target.url,
    method: 'POST',
    body: { jsonrpc: '2.0', id, method, params },
    headers: { ...headersFor(target, opts), accept: 'text/event-stream' },
    timeoutMs: opts.timeoutMs,
    secrets: target.secrets,
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.evidence ? { evidence: opts.evidence } : {}),
    ...(opts.label ? { label: opts.label } : {}),
  });
  return { id, response };
}
