/**
 * An A2A client bound to one agent: the dialect's method names, the JSON-RPC endpoint
 * (from `agent-url`, or resolved once from the agent card), plain calls and streams read
 * into timed items. It knows the wire, not the checks.
 */
import { GateError } from '../../model.js';
import {
  callRpc,
  openRpcStream,
  readEnvelope,
  sendRaw,
  type RpcAnswer,
  type RpcOptions,
} from './rpc.js';
import { readItems, type StreamRead } from './stream-reader.js';
import type { TimedItem } from './transitions.js';
import { methodName, type A2aMethod, type A2aVersion } from './wire.js';

export interface A2aClientOptions {
  version: A2aVersion;
  /** the JSON-RPC URL; resolved on first use */
  endpoint: () => Promise<string>;
  secrets: readonly string[];
}

export type StreamOutcome =
  /** the server answered with SSE */
  | ({ kind: 'stream'; status: number; headAtMs: number } & StreamRead)
  /** the server answered with one body (an error, a 401, a JSON answer instead of a stream) */
  | { kind: 'answer'; status: number; headAtMs: number; answer: RpcAnswer };

export interface StreamCallOptions extends RpcOptions {
  /** return true to stop reading and disconnect */
  onItem?: (item: TimedItem) => boolean | void;
}

export interface A2aClient {
  readonly version: A2aVersion;
  endpoint(): Promise<string>;
  /** the method of this dialect, or a raw method name (the unknown-method check) */
  call(method: A2aMethod | { raw: string }, params: unknown, opts: RpcOptions): Promise<RpcAnswer>;
  /** any body, for the malformed-request checks */
  send(body: unknown, id: string | number, opts: RpcOptions): Promise<RpcAnswer>;
  stream(
    method: 'stream' | 'subscribe',
    params: unknown,
    opts: StreamCallOptions,
  ): Promise<StreamOutcome>;
}

export function createA2aClient(options: A2aClientOptions): A2aClient {
  const { version, secrets } = options;
  const target = async () => ({ url: await options.endpoint(), version, secrets });
  const nameOf = (m: A2aMethod | { raw: string }): string =>
    typeof m === 'string' ? methodName(version, m) : m.raw;
  return {
    version,
    endpoint: options.endpoint,
    async call(method, params, opts) {
      return callRpc(await target(), nameOf(method), params, opts);
    },
    async send(body, id, opts) {
      return sendRaw(await target(), body, id, opts);
    },
    async stream(method, params, opts) {
      const t = await target();
      const { id, response } = await openRpcStream(t, nameOf(method), params, opts);
      if (!response.isEventStream) {
        // one JSON body: a JSON-RPC error or result, or an HTTP refusal
        const text = await response.text(opts.timeoutMs);
        let answer: RpcAnswer = {
          status: response.status,
          kind: 'other',
          text,
          contentType: response.contentType,
        };
        try {
          const parsed: unknown = JSON.parse(text);
          const env = readEnvelope(parsed, id);
          if (env.ok) answer = { status: response.status, ...env.answer, raw: parsed };
        } catch {
          // not JSON: kept as text
        }
        return { kind: 'answer', status: response.status, headAtMs: response.headAtMs, answer };
      }
      if (response.status < 200 || response.status >= 300) {
        response.close();
        throw new GateError(
          `POST ${new URL(t.url).pathname} → ${response.status} with an event stream`,
          { kind: 'status', httpStatus: response.status, stage: 'response' },
        );
      }
      const read = await readItems(response, {
        version,
        id,
        timeoutMs: opts.timeoutMs,
        ...(opts.onItem ? { onItem: opts.onItem } : {}),
      });
      return { kind: 'stream', status: response.status, headAtMs: response.headAtMs, ...read };
    },
  };
}
