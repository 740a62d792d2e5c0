/** The JSON frames and bodies the service sends, one builder each, in the shapes of PROTOCOL.md §3.2. */
import { randomUUID } from 'node:crypto';
import type { SimVariant } from './options.js';

export type Frame = Record<string, unknown>;

export function welcomeFrame(
  variant: SimVariant,
  connectionId: string,
  userId: string,
  now: number,
): Frame {
  const data = { connection_id: connectionId, user_id: userId };
  return variant.welcome === 'system_message'
    ? { type: 'system_message', data: { event: 'connection_established', ...data }, timestamp: now }
    : { type: 'connection_established', data, timestamp: now };
}

export function errorFrame(variant: SimVariant, code: string, message: string): Frame {
  return variant.errorFrame === 'error_message'
    ? { type: 'error_message', error_code: code, error_message: message }
    : { type: 'error', code, message };
}

export function heartbeatFrame(now: number): Frame {
  return { type: 'heartbeat', timestamp: now };
}

/** A JSON error body; every 4xx/5xx of the service has one (PROTOCOL.md §2). */
export function errorBody(code: string, message: string): Frame {
  return { error: { code, message } };
}

/**
 * The `extraFields` variant: fields a client has never heard of, at the top level and inside
 * `data`, so that a strict client that rejects unknown keys fails against it.
 */
export function withExtraFields(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const out: Frame = { ...(body as Frame), x_trace_id: randomUUID(), server_region: 'loopback-1' };
  const data = out.data;
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    out.data = { ...(data as Frame), x_shard: 7 };
  }
  return out;
}
