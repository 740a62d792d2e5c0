/**
 * Reads an A2A SSE stream into timed items: each event's data is a JSON-RPC response whose
 * result is a Task, a Message or an update. Reading stops at the end of the body, at a
 * timeout, at a malformed event, at a JSON-RPC error, or a short grace after the item that
 * ends the stream (so that anything sent after the terminal state is seen, and a stream left
 * open is told from one that closed).
 */
import type { RunEnd } from '../model.js';
import type { StreamResponse } from '../../transport/sse.js';
import { readEnvelope, type RpcError } from './rpc.js';
import { endsStream, type TimedItem } from './transitions.js';
import { readResult, type A2aVersion } from './wire.js';

/** How long the stream may stay open after its terminal item before it counts as left open. */
export const CLOSE_GRACE_MS = 500;

export interface StreamRead {
  items: TimedItem[];
  end: RunEnd;
  /** the JSON-RPC error an event carried, if one did (the stream ends there) */
  rpcError?: { error: RpcError; atMs: number };
}

export interface ReadOptions {
  version: A2aVersion;
  id: string;
  /** per item: nothing for this long is a timeout */
  timeoutMs: number;
  /** called with each item as it arrives; returning true stops reading (the caller disconnects) */
  onItem?: (item: TimedItem) => boolean | void;
  graceMs?: number;
}

export async function readItems(res: StreamResponse, opts: ReadOptions): Promise<StreamRead> {
  const items: TimedItem[] = [];
  let endedAt: number | undefined;
  const grace = opts.graceMs ?? CLOSE_GRACE_MS;
  for (;;) {
    const wait =
      endedAt === undefined ? opts.timeoutMs : Math.max(1, endedAt + grace - res.elapsed());
    const next = await res.next(wait);
    if (next.type === 'end') return { items, end: { kind: 'closed', atMs: next.atMs } };
    if (next.type === 'timeout') {
      res.close();
      return endedAt !== undefined
        ? { items, end: { kind: 'left-open', atMs: next.atMs } }
        : {
            items,
            end: {
              kind: 'timeout',
              atMs: next.atMs,
              stage: items.length ? 'completion' : 'first_event',
            },
          };
    }
    if (next.type === 'error') {
      return {
        items,
        end: {
          kind: 'failed',
          atMs: next.atMs,
          facts: next.error.facts,
          message: next.error.message,
        },
      };
    }
    const { data, atMs } = next.event;
    const failed = (message: string): StreamRead => {
      res.close();
      return {
        items,
        end: {
          kind: 'failed',
          atMs,
          facts: { kind: 'protocol', stage: 'completion', elapsedMs: atMs },
          message,
        },
      };
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return failed(`an SSE event is not JSON: ${data.slice(0, 120)}`);
    }
    const env = readEnvelope(parsed, opts.id);
    if (!env.ok) return failed(`an SSE event is not a JSON-RPC response (${env.problem})`);
    if (env.answer.kind === 'error') {
      res.close();
      return {
        items,
        end: {
          kind: 'failed',
          atMs,
          facts: { kind: 'protocol', stage: 'completion', elapsedMs: atMs },
          message: `the stream carried JSON-RPC error ${env.answer.error.code} "${env.answer.error.message}"`,
        },
        rpcError: { error: env.answer.error, atMs },
      };
    }
    const read = readResult(opts.version, env.answer.result, true);
    if (!read.ok) return failed(`an SSE event's result is malformed: ${read.problem}`);
    const timed = { item: read.value, atMs };
    items.push(timed);
    if (opts.onItem?.(timed) === true) {
      res.close();
      return { items, end: { kind: 'left-open', atMs } };
    }
    if (endedAt === undefined && endsStream(read.value)) endedAt = atMs;
  }
}
