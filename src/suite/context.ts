/**
 * What a test body gets for one attempt: HTTP bound to the service, users and their tokens,
 * WebSocket sessions (closed when the attempt ends), checks, and the attempt's metric sink
 * and evidence log. Every real exchange records its sample here, whichever test made it:
 * GET round trips, idle pings, run starts, first frames of message runs.
 */
import { probeUpgrade, type UpgradeOutcome } from '../client/upgrade-probe.js';
import { WsSession, type WsMeasurement } from '../client/ws-session.js';
import type { AuthTransport, ProtocolConfig } from '../config/protocol.js';
import type { Settings } from '../config/settings.js';
import type { MetricName } from '../model.js';
import { createChecks, type Checks } from './checks.js';
import { createBaseContext, type BaseContext, type BaseContextHooks } from './core/base-context.js';
import { RunCoordinator } from './run-coordinator.js';
import { SuiteSession } from './session.js';
import type { AttemptScope } from './types.js';
import type { TestUser } from './users.js';

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

export interface TestContext extends BaseContext {
  protocol: ProtocolConfig;
  /** a session as `user` (or none), welcomed unless told otherwise */
  connect(user: TestUser | undefined, opts?: ConnectOptions): Promise<SuiteSession>;
  /** what the WebSocket does with `token` (undefined = no token at all) */
  probeUpgrade(token: string | undefined): Promise<UpgradeOutcome>;
  check: Checks;
  /** run coordination across the run's tests: take the user's turn to start a run outside a session */
  runs: RunCoordinator;
}

export type SuiteContextHooks = BaseContextHooks;

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
  const base = createBaseContext(settings, hooks);
  const coordinator = new RunCoordinator();

  const factory = (scope: AttemptScope): TestContext => {
    const ctx = base(scope);
    const { metrics, evidence, signal, secrets } = ctx;
    const sessions = new Set<WsSession>();
    ctx.onDispose(async () => {
      const open = [...sessions];
      sessions.clear();
      await Promise.all(open.map((s) => s.close().catch(() => undefined)));
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

    return {
      ...ctx,
      protocol,
      check: createChecks(protocol, secrets),
      runs: coordinator,
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
  return Object.assign(factory, { close: () => base.close() });
}
