/**
 * What an A2A test gets: the agent context (runs through the adapter, measured) plus the
 * A2A client bound to the JSON-RPC endpoint, the agent card as fetched, and streams read
 * into task items. The endpoint is `agent-url` when given, else the JSON-RPC interface the
 * card names, resolved once per run.
 */
import { toAgentRun, createA2aAdapter } from '../../agent/a2a/adapter.js';
import { CARD_PATH, checkCard, type CardCheck } from '../../agent/a2a/card.js';
import { createA2aClient, type A2aClient, type StreamOutcome } from '../../agent/a2a/client.js';
import type { RpcOptions } from '../../agent/a2a/rpc.js';
import type { TimedItem } from '../../agent/a2a/transitions.js';
import type { AgentRun } from '../../agent/model.js';
import {
  createHttpClient,
  joinUrl,
  type HttpClient,
  type HttpResponse,
} from '../../client/http.js';
import { secretsOf } from '../../config/redact.js';
import type { Settings } from '../../config/settings.js';
import { GateError } from '../../model.js';
import type { BaseContextHooks, ContextFactory } from '../core/base-context.js';
import { createAgentContext, recordRunMetrics, type AgentContext } from '../core/agent-context.js';
import type { TestUser } from '../users.js';
import { sendParams } from '../../agent/a2a/adapter.js';

export interface CardFetch {
  response: HttpResponse;
  check: CardCheck;
  url: string;
}

export interface A2aStreamOptions {
  prompt?: string;
  /** return true to disconnect */
  onItem?: (item: TimedItem) => boolean | void;
  /** record the run's times (default true) */
  measure?: boolean;
  label?: string;
}

export interface A2aContext extends AgentContext {
  a2a: A2aClient;
  /** fetches the card now, through this attempt's HTTP client (evidence, api_response_ms) */
  fetchCard(): Promise<CardFetch>;
  /** the options of a call as `user` (undefined: no token) */
  as(user: TestUser | undefined, extra?: Partial<RpcOptions>): RpcOptions;
  /** a new message streamed as `user`, read to its end; the outcome and the run it maps to */
  streamMessage(
    user: TestUser,
    opts?: A2aStreamOptions,
  ): Promise<{ outcome: StreamOutcome; run: AgentRun }>;
}

export async function fetchCard(
  http: HttpClient,
  settings: Pick<Settings, 'baseUrl' | 'protocol'>,
  signal?: AbortSignal,
): Promise<CardFetch> {
  const response = await http.get(CARD_PATH, signal ? { signal } : {});
  const url = joinUrl(settings.baseUrl, CARD_PATH).href;
  const check: CardCheck =
    response.status === 200
      ? checkCard(response.body, settings.protocol.a2a.version, url)
      : { ok: false, problems: [`GET ${CARD_PATH} → ${response.status}`] };
  return { response, check, url };
}

/** The card's failure as a person reads it, with the category its cause implies. */
export function cardError(fetch: CardFetch): GateError {
  const { response, check } = fetch;
  if (response.status !== 200) {
    return new GateError(`the agent card ${CARD_PATH} answered ${response.status}`, {
      kind: 'status',
      httpStatus: response.status,
      stage: 'response',
    });
  }
  if (response.body === undefined) {
    return new GateError(
      `the agent card ${CARD_PATH} is not JSON (content type ${String(response.headers['content-type'] ?? 'none')})`,
      { kind: 'protocol', httpStatus: 200 },
      'protocol_violation',
    );
  }
  const problems = check.ok ? [] : check.problems;
  return new GateError(
    `the agent card ${CARD_PATH} is not a valid A2A agent card: ${problems.join('; ')}`,
    { httpStatus: 200 },
    'protocol_violation',
  );
}

export function createA2aContext(
  settings: Settings,
  hooks: BaseContextHooks,
): ContextFactory<A2aContext> {
  const version = settings.protocol.a2a.version;
  const secrets = secretsOf(settings);
  const http = createHttpClient({
    baseUrl: settings.baseUrl,
    timeoutMs: settings.protocol.requestTimeoutMs,
    secrets,
  });
  let resolved: Promise<string> | undefined;
  const endpoint = (): Promise<string> => {
    if (settings.agentUrl) return Promise.resolve(settings.agentUrl);
    resolved ??= fetchCard(http, settings).then((f) => {
      if (!f.check.ok) throw cardError(f);
      if (!f.check.card.jsonRpcUrl)
        throw new GateError(
          `the agent card names no JSONRPC interface to test (set agent-url to the JSON-RPC endpoint)`,
          { httpStatus: 200 },
          'protocol_violation',
        );
      const named = new URL(f.check.card.jsonRpcUrl);
      // the gate's tokens go where the card points: never to another origin unless told so
      if (named.origin !== new URL(settings.baseUrl).origin) {
        throw new GateError(
          `the agent card names its JSON-RPC endpoint on another origin (${named.origin}, base URL ${new URL(settings.baseUrl).origin}); the gate sends no token there unless agent-url names it`,
          { httpStatus: 200 },
          'protocol_violation',
        );
      }
      return named.href;
    });
    // a failure is not cached: the next test asks again
    resolved.catch(() => (resolved = undefined));
    return resolved;
  };
  const client = createA2aClient({ version, endpoint, secrets });
  const inner = createAgentContext<A2aContext>(
    settings,
    hooks,
    () => createA2aAdapter(client),
    (ctx) => {
      const as = (user: TestUser | undefined, extra: Partial<RpcOptions> = {}): RpcOptions => ({
        signal: ctx.signal,
        evidence: ctx.evidence,
        timeoutMs: settings.protocol.requestTimeoutMs,
        ...(user ? { token: user.token } : {}),
        ...extra,
      });
      return {
        ...ctx,
        a2a: client,
        fetchCard: () => fetchCard(ctx.http, settings, ctx.signal),
        as,
        async streamMessage(user, opts = {}) {
          const outcome = await client.stream(
            'stream',
            sendParams(version, opts.prompt ?? settings.protocol.prompt),
            {
              ...as(user, { timeoutMs: settings.protocol.timing.eventWithinMs }),
              ...(opts.label ? { label: opts.label } : {}),
              ...(opts.onItem ? { onItem: opts.onItem } : {}),
            },
          );
          const run = toAgentRun(outcome);
          if (opts.measure ?? true) recordRunMetrics(ctx, run);
          return { outcome, run };
        },
      };
    },
  );
  return Object.assign((scope: Parameters<typeof inner>[0]) => inner(scope), {
    close: () => {
      inner.close();
      http.close();
    },
  });
}
