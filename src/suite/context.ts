/**
 * What a test body gets for one attempt: HTTP bound to the service, users and their tokens,
 * WebSocket sessions (closed when the attempt ends), checks, and the attempt's metric sink
 * and evidence log. Every real exchange records its sample here, whichever test made it:
 * GET round trips, idle pings, run starts, first frames of message runs.
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createHttpClient, type HttpClient } from '../client/http.js';
import { probeUpgrade, type UpgradeOutcome } from '../client/upgrade-probe.js';
import { createTokenSource } from '../client/tokens.js';
import { WsSession, type WsMeasurement } from '../client/ws-session.js';
import type { AuthTransport, ProtocolConfig } from '../config/protocol.js';
import { secretsOf } from '../config/redact.js';
import type { Settings } from '../config/settings.js';
import type { MetricName } from '../model.js';
import { createChecks, type Checks } from './checks.js';
import { RunCoordinator } from './run-coordinator.js';
import { SuiteSession } from './session.js';
import type { AttemptScope, EvidenceLog, MetricSink } from './types.js';
import { createSuiteUsers, createUserNumbering, type SuiteUsers, type TestUser } from './users.js';

export interface ConnectOptions {
  /** wait for the welcome frame (default true) */
  welcome?: boolean;
  /**
   * record this session's pings and runs as metric samples (default true). Load tests turn
   * it off: the targets describe one user's latency, not latency under the test's own load.
   */
  measure?: boolean;
  /** prefix of its evidence lines */
  label?: string;
  /** the token to send instead of the user's (bad-token checks) */
  token?: string;
  transport?: AuthTransport;
}

export interface TestContext {
  settings: Settings;
  protocol: ProtocolConfig;
  /** bound to the base URL; GET round trips become `api_response_ms` samples */
  http: HttpClient;
  users: SuiteUsers;
  /** a session as `user` (or none), welcomed unless told otherwise */
  connect(user: TestUser | undefined, opts?: ConnectOptions): Promise<SuiteSession>;
  /** what the WebSocket does with `token` (undefined = no token at all) */
  probeUpgrade(token: string | undefined): Promise<UpgradeOutcome>;
  check: Checks;
  /** run coordination across the run's tests: take the user's turn to start a run outside a session */
  runs: RunCoordinator;
  metrics: MetricSink;
  evidence: EvidenceLog;
  signal: AbortSignal;
  attempt: number;
  /** a name no other attempt uses: thread titles, messages */
  unique(label: string): string;
  /** closes every session of the attempt; the suite calls it when the body ends */
  dispose(): Promise<void>;
}

export interface SuiteContextHooks {
  /** called with every token before its first use, so that the action can mask it */
  onSecret?: (secret: string) => void;
}

export type SuiteContextFactory = ((scope: AttemptScope) => TestContext) & {
  /** releases pooled HTTP connections */
  close(): void;
};

/** An open socket that stays silent this long after a bad token counts as accepted. */
export const PROBE_GRACE_MS = 500;

const MEASURED: Record<WsMeasurement['kind'], MetricName> = {
  ping_rtt: 'ws_latency_ms',
  agent_started: 'agent_startup_ms',
  first_run_frame: 'message_processing_ms',
};

export function createSuiteContext(
  settings: Settings,
  hooks: SuiteContextHooks = {},
): SuiteContextFactory {
  const protocol = settings.protocol;
  const secrets = secretsOf(settings);
  for (const s of secrets) hooks.onSecret?.(s);
  const tokens = createTokenSource({
    auth: settings.auth,
    users: protocol.users,
    ...(hooks.onSecret ? { onSecret: hooks.onSecret } : {}),
  });
  const numbering = createUserNumbering(tokens.maxUsers, settings.shard);
  // unique names: one random tag per run (runs and shards never collide) and a counter
  const runTag = randomBytes(4).toString('hex');
  let uniqueCount = 0;
  const coordinator = new RunCoordinator();
  const pool = createHttpClient({
    baseUrl: settings.baseUrl,
    timeoutMs: protocol.requestTimeoutMs,
    secrets,
  });

  const factory = (scope: AttemptScope): TestContext => {
    const sessions = new Set<WsSession>();
    const { metrics, evidence } = scope;
    const signal = fanOut(scope.signal);
    const http = pool.with({
      evidence,
      signal,
      onResponse: (res) => {
        if (res.method === 'GET') metrics.record('api_response_ms', res.durationMs);
      },
    });
    const sessionOptions = (token: string | undefined, opts: ConnectOptions) => ({
      url: settings.wsUrl,
      transport: opts.transport ?? protocol.authTransport,
      timeoutMs: protocol.requestTimeoutMs,
      protocol,
      evidence,
      signal,
      secrets,
      ...(token !== undefined ? { token } : {}),
      ...(opts.label ? { label: opts.label } : {}),
    });
    const dispose = async (): Promise<void> => {
      const open = [...sessions];
      sessions.clear();
      await Promise.all(open.map((s) => s.close().catch(() => undefined)));
    };
    signal.addEventListener('abort', () => void dispose(), { once: true });

    return {
      settings,
      protocol,
      http,
      users: createSuiteUsers(tokens, numbering(scope.test.id)),
      check: createChecks(protocol, secrets),
      runs: coordinator,
      metrics,
      evidence,
      signal,
      attempt: scope.attempt,
      unique: (label) => `staging-gate ${label} ${runTag}-${++uniqueCount}`,
      dispose,
      probeUpgrade: (token) =>
        probeUpgrade({ ...sessionOptions(token, {}), graceMs: PROBE_GRACE_MS }),
      async connect(user, opts = {}) {
        const measure = opts.measure ?? true;
        const raw = await WsSession.connect({
          ...sessionOptions(opts.token ?? user?.token, opts),
          ...(measure
            ? { onMeasure: (m: WsMeasurement) => metrics.record(MEASURED[m.kind], m.ms) }
            : {}),
        });
        // tracked before the welcome: a socket that never welcomes us is still closed
        sessions.add(raw);
        const welcome =
          opts.welcome === false ? undefined : await raw.awaitWelcome(protocol.requestTimeoutMs);
        return new SuiteSession(raw, user?.id, welcome, { protocol, coordinator, signal });
      },
    };
  };
  return Object.assign(factory, { close: () => pool.close() });
}

/**
 * The attempt's own signal, aborted with the runner's. Every socket, frame wait and request
 * of the attempt listens to it (a load test holds dozens at once), so it is allowed many
 * listeners, while the runner's signal gets one.
 */
function fanOut(parent: AbortSignal): AbortSignal {
  const child = new AbortController();
  setMaxListeners(0, child.signal);
  if (parent.aborted) child.abort(parent.reason);
  else parent.addEventListener('abort', () => child.abort(parent.reason), { once: true });
  return child.signal;
}
