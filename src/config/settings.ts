/**
 * One typed, validated `Settings` for a run, built from action inputs (`config/action-inputs.ts`)
 * or CLI flags (`config/cli-args.ts`). Nothing downstream reads `core.getInput` or argv.
 */
import type { MetricName, ProtocolId } from '../model.js';
import type { ProtocolConfig } from './protocol.js';

export type JwtAlgorithm = 'HS256' | 'HS384' | 'HS512' | 'RS256' | 'ES256';

export type AuthSettings =
  | {
      kind: 'jwt';
      /** the HMAC secret, or a PEM private key for RS256/ES256 */
      secret: string;
      algorithm: JwtAlgorithm;
      issuer: string;
      audience?: string;
      claims: Record<string, unknown>;
    }
  /** a ready token: tests needing a second user are skipped */
  | { kind: 'token'; token: string }
  /** no credentials: only unauthenticated tests run, the rest are skipped and say so */
  | { kind: 'none' };

export interface Settings {
  baseUrl: string;
  wsUrl: string;
  /** what the service speaks (INTERFACE.md §5); `protocol` below is agent-ws's paths and names */
  protocolId: ProtocolId;
  /** the endpoint that runs the agent (AG-UI POST URL, A2A JSON-RPC URL, MCP endpoint), absolute */
  agentUrl?: string;
  /** a path that must answer 200 before testing; undefined = judge readiness through the protocol */
  healthPath?: string;
  auth: AuthSettings;
  /** which priorities run, e.g. [1] or [1, 2] */
  priorities: number[];
  /** ids or globs; empty = all */
  modules: string[];
  tests: string[];
  /** percent of selected tests that may fail */
  maxFailureRate: number;
  /** globs; null = every priority-1 test */
  criticalTests: string[] | null;
  perfTargets: Record<MetricName, number>;
  perfGate: 'fail' | 'warn' | 'off';
  waitForReadySec: number;
  expectedVersion?: string;
  versionField: string;
  retries: number;
  timeoutSec: number;
  onInconclusive: 'fail' | 'pass' | 'neutral';
  suiteConfigPath?: string;
  protocol: ProtocolConfig;
  resultsDir: string;
  shard?: { index: number; count: number };
  /** how many tests run at once */
  concurrency: number;
  /** concurrent authenticated sessions in the connection test (default 7) */
  concurrentSessions: number;
  /** users in the concurrency test (default 20) */
  concurrentUsers: number;
  github: {
    token?: string;
    comment: 'sticky' | 'new' | 'off';
    commentKey: string;
    prNumber?: number;
    commitStatus: boolean;
  };
}

export const DEFAULT_PERF_TARGETS: Record<MetricName, number> = {
  api_response_ms: 100,
  ws_latency_ms: 50,
  agent_startup_ms: 500,
  message_processing_ms: 200,
  time_to_first_token_ms: 2000,
  run_duration_ms: 30000,
  tool_call_ms: 1000,
};

/** A bad input: thrown before any request, naming the input and what is wrong with it. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    problem: string,
  ) {
    super(`Input '${input}': ${problem}`);
    this.name = 'InputError';
  }
}
