/**
 * What a suite test is, and what the runner hands it. The runner schedules `SuiteTest`s
 * without knowing their bodies; `suite/context.ts` builds the `TestContext` a body uses.
 */
import type { Capability } from '../agent/adapter.js';
import type { EvidenceLog, MetricName, MetricSink } from '../model.js';

export type { EvidenceLog, MetricSink } from '../model.js';

/** What a test needs from the run's credentials; a test whose need is unmet is skipped. */
export type Requirement = 'auth' | 'second-user' | 'minting';

export interface SuiteTest<Ctx = unknown> {
  /** `module/name`, e.g. `websocket-events/agent-event-flow` */
  id: string;
  module: string;
  title: string;
  priority: number;
  /** default: priority === 1 (overridden by the `critical-tests` input) */
  critical?: boolean;
  /** per-attempt timeout; default from the runner */
  timeoutMs?: number;
  /** relative cost, used to balance shards and order the schedule (default 1) */
  weight?: number;
  requires?: Requirement[];
  /**
   * A load test that divides its own load by `settings.shard`: it belongs in every shard
   * (each carrying its slice), not in one, so that a matrix carries the whole load at once.
   */
  everyShard?: boolean;
  /** what the protocol must carry; a test whose need is unmet is left out for that protocol */
  needs?: readonly Capability[];
  /**
   * A performance test: the metric it stands for. It does not judge a p95 of its own; its
   * outcome is that metric's verdict in the run's table (`judgeByMetrics`).
   */
  metric?: MetricName;
  /**
   * Why this test cannot run with this run's configuration (no `toolPrompt`, no
   * `health-path`): it is skipped with this reason, never run or passed.
   */
  skip?: string;
  run(ctx: Ctx): Promise<void>;
}

export interface SuiteModule<Ctx = unknown> {
  id: string;
  title: string;
  tests: SuiteTest<Ctx>[];
}

/** What the runner gives the context factory for one attempt of one test. */
export interface AttemptScope {
  test: SuiteTest<unknown>;
  attempt: number;
  /** aborted when the attempt's timeout or the run's deadline fires */
  signal: AbortSignal;
  metrics: MetricSink;
  evidence: EvidenceLog;
}
