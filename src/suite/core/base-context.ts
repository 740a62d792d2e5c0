/**
 * What every test attempt gets, whatever the protocol: HTTP bound to the base URL, the
 * run's users and their tokens, the attempt's metric sink, evidence log and signal, unique
 * names, and a place to register what must be closed when the body ends. A protocol's own
 * context extends it; declared scenarios need nothing more.
 *
 * The settings a test sees leave out the GitHub side (its token among them): a test has no
 * business with it.
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createHttpClient, type HttpClient } from '../../client/http.js';
import { createTokenSource } from '../../client/tokens.js';
import { secretsOf } from '../../config/redact.js';
import type { Settings } from '../../config/settings.js';
import type { EvidenceLog, MetricSink, ToolCallCount } from '../../model.js';
import type { AttemptScope } from '../types.js';
import { createSuiteUsers, createUserNumbering, type SuiteUsers } from '../users.js';

/** The settings a test may read. */
export type SuiteSettings = Omit<Settings, 'github'>;

export interface BaseContext {
  settings: SuiteSettings;
  /** bound to the base URL; GET round trips become `api_response_ms` samples */
  http: HttpClient;
  users: SuiteUsers;
  metrics: MetricSink;
  evidence: EvidenceLog;
  signal: AbortSignal;
  attempt: number;
  /** the strings to mask in anything a test writes into a message */
  secrets: readonly string[];
  /** a name no other attempt uses: thread titles, messages */
  unique(label: string): string;
  /** `close` runs when the body ends, however it ends */
  onDispose(close: () => Promise<void> | void): void;
  /** closes everything registered; the suite calls it when the body ends */
  dispose(): Promise<void>;
}

export interface BaseContextHooks {
  /** called with every secret and token before its first use, so that the action can mask it */
  onSecret?: (secret: string) => void;
}

/** A context factory for one run: one attempt's context per call, `close` at the end of the run. */
export type ContextFactory<Ctx> = ((scope: AttemptScope) => Ctx) & {
  close(): void;
  /** MCP: the tool calls the run made, for results.json */
  toolCalls?(): ToolCallCount[];
};

export function suiteSettings(settings: Settings): SuiteSettings {
  const { github: _github, ...rest } = settings;
  return rest;
}

/** Builds the run-wide parts once (tokens, numbering, connection pool) and an attempt's context per call. */
export function createBaseContext(
  settings: Settings,
  hooks: BaseContextHooks = {},
): ContextFactory<BaseContext> {
  const secrets = secretsOf(settings);
  for (const s of secrets) hooks.onSecret?.(s);
  const tokens = createTokenSource({
    auth: settings.auth,
    users: settings.protocol.users,
    ...(hooks.onSecret ? { onSecret: hooks.onSecret } : {}),
  });
  const numbering = createUserNumbering(tokens.maxUsers, settings.shard);
  // unique names: one random tag per run (runs and shards never collide) and a counter
  const runTag = randomBytes(4).toString('hex');
  let uniqueCount = 0;
  const visible = suiteSettings(settings);
  const pool = createHttpClient({
    baseUrl: settings.baseUrl,
    timeoutMs: settings.protocol.requestTimeoutMs,
    secrets,
  });

  const factory = (scope: AttemptScope): BaseContext => {
    const { metrics, evidence } = scope;
    const signal = fanOut(scope.signal);
    const closers: Array<() => Promise<void> | void> = [];
    const dispose = async (): Promise<void> => {
      const all = closers.splice(0);
      await Promise.all(all.map(async (close) => close()).map((p) => p.catch(() => undefined)));
    };
    signal.addEventListener('abort', () => void dispose(), { once: true });
    return {
      settings: visible,
      http: pool.with({
        evidence,
        signal,
        onResponse: (res) => {
          if (res.method === 'GET') metrics.record('api_response_ms', res.durationMs);
        },
      }),
      users: createSuiteUsers(tokens, numbering(scope.test.id)),
      metrics,
      evidence,
      signal,
      attempt: scope.attempt,
      secrets,
      unique: (label) => `staging-gate ${label} ${runTag}-${++uniqueCount}`,
      onDispose: (close) => void closers.push(close),
      dispose,
    };
  };
  return Object.assign(factory, { close: () => pool.close() });
}

/**
 * The attempt's own signal, aborted with the runner's. Every socket, frame wait and request
 * of the attempt listens to it (a load test holds dozens at once), so it is allowed many
 * listeners, while the runner's signal gets one.
 */
export function fanOut(parent: AbortSignal): AbortSignal {
  const child = new AbortController();
  setMaxListeners(0, child.signal);
  if (parent.aborted) child.abort(parent.reason);
  else parent.addEventListener('abort', () => child.abort(parent.reason), { once: true });
  return child.signal;
}
