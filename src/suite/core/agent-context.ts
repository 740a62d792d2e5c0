/**
 * The context of a protocol whose service runs an agent (AG-UI, A2A): the base context
 * plus the protocol's adapter and `run`, which starts a run as a user, collects its events,
 * and records its times as metric samples (request → run start, → first text, → terminal).
 */
import type { AgentAdapter } from '../../agent/adapter.js';
import { firstText, terminalOf, type AgentRun } from '../../agent/model.js';
import type { ProtocolConfig } from '../../config/protocol.js';
import type { Settings } from '../../config/settings.js';
import type { AttemptScope } from '../types.js';
import type { TestUser } from '../users.js';
import {
  createBaseContext,
  type BaseContext,
  type BaseContextHooks,
  type ContextFactory,
} from './base-context.js';

export interface AgentRunOptions {
  /** default: suite-config `prompt` */
  prompt?: string;
  /**
   * record the run's times as metric samples (default true). Load tests turn it off: the
   * targets describe one user's experience, not latency under the test's own load.
   */
  measure?: boolean;
  /** prefix of the run's evidence lines */
  label?: string;
  /** send this token instead of the user's */
  token?: string;
}

export interface AgentContext extends BaseContext {
  protocol: ProtocolConfig;
  adapter: AgentAdapter;
  /** a run as `user` (undefined: no token) */
  run(user: TestUser | undefined, opts?: AgentRunOptions): Promise<AgentRun>;
}

/** Records the times a run measured; the run start is the first event when the protocol has none of its own. */
export function recordRunMetrics(ctx: Pick<BaseContext, 'metrics'>, run: AgentRun): void {
  const started = run.events.find((e) => e.kind === 'run_started') ?? run.events[0];
  if (started) ctx.metrics.record('agent_startup_ms', started.atMs);
  const text = firstText(run);
  if (text) ctx.metrics.record('time_to_first_token_ms', text.atMs);
  const end = terminalOf(run);
  if (end && end.kind === 'run_finished') ctx.metrics.record('run_duration_ms', end.atMs);
}

export function createAgentContext<Ctx extends AgentContext = AgentContext>(
  settings: Settings,
  hooks: BaseContextHooks,
  adapterOf: (base: BaseContext) => AgentAdapter,
  extend: (ctx: AgentContext) => Ctx = (ctx) => ctx as Ctx,
): ContextFactory<Ctx> {
  const base = createBaseContext(settings, hooks);
  const protocol = settings.protocol;
  const factory = (scope: AttemptScope): Ctx => {
    const ctx = base(scope);
    const adapter = adapterOf(ctx);
    return extend({
      ...ctx,
      protocol,
      adapter,
      async run(user, opts = {}) {
        const token = opts.token ?? user?.token;
        const run = await adapter.run({
          ...(token !== undefined ? { token } : {}),
          prompt: opts.prompt ?? protocol.prompt,
          signal: ctx.signal,
          evidence: ctx.evidence,
          timeoutMs: protocol.timing.eventWithinMs,
          ...(opts.label ? { label: opts.label } : {}),
        });
        if (opts.measure ?? true) recordRunMetrics(ctx, run);
        return run;
      },
    });
  };
  return Object.assign(factory, { close: () => base.close() });
}
