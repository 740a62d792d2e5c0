/**
 * The shared vocabulary of the pipeline: what a test result, a failure, a metric and a
 * results file are. Every stage reads and writes these shapes; INTERFACE.md §3 is the
 * contract for the ones that reach results.json.
 */

export const FAILURE_CATEGORIES = [
  'ws_internal_error',
  'ws_abnormal_close',
  'auth_rejected',
  'auth_not_enforced',
  'service_unavailable',
  'stale_deploy',
  'not_found',
  'http_error',
  'connection_failed',
  'timeout',
  'protocol_violation',
  'missing_event',
  'isolation_breach',
  'performance_breach',
  'agent_error',
  'stream_buffered',
  'assertion',
] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

/** Where in an exchange something went wrong; `timeout` failures always carry one. */
export type Stage =
  | 'connect'
  | 'upgrade'
  | 'welcome'
  | 'first_event'
  | 'completion'
  | 'response'
  | 'readiness'
  | (string & {});

/** One line of evidence: a frame or request exchanged before a failure (already redacted). */
export interface EvidenceEntry {
  /** ms since the test attempt started */
  atMs: number;
  /** `out` client → service, `in` service → client, `close` the socket closed, `http` a request */
  dir: 'out' | 'in' | 'close' | 'http' | 'note';
  /** short, redacted text: a frame (truncated), "GET /api/agents → 200 (12 ms)", "1011 Internal error" */
  text: string;
}

/** Where a test attempt records what it exchanged, for the report's evidence and diagram. */
export interface EvidenceLog {
  add(dir: EvidenceEntry['dir'], text: string): void;
  entries(): EvidenceEntry[];
}

/** Where a test records measured samples (ms). Only real measurements go here. */
export interface MetricSink {
  record(name: MetricName, valueMs: number): void;
}

/**
 * The facts a failure is classified from. Client errors carry them; suite checks add them;
 * `runner/classify` turns them into a category when the check did not name one.
 */
export interface FailureFacts {
  /** refused, reset, dns, tls, timeout, closed (socket closed), status (unexpected HTTP status), protocol (malformed) */
  kind?: 'refused' | 'reset' | 'dns' | 'tls' | 'timeout' | 'closed' | 'status' | 'protocol';
  stage?: Stage;
  httpStatus?: number;
  closeCode?: number;
  closeReason?: string;
  /** ms from the start of the exchange (request sent, run started) to the failure */
  elapsedMs?: number;
  /** a low-level code: ECONNREFUSED, JSON_PARSE_ERROR, ... */
  errorCode?: string;
}

export interface Failure {
  category: FailureCategory;
  message: string;
  stage?: Stage;
  httpStatus?: number;
  closeCode?: number;
  closeReason?: string;
  elapsedMs?: number;
  /** frames / requests before the failure, redacted, bounded */
  evidence?: EvidenceEntry[];
}

export type TestStatus = 'passed' | 'failed' | 'skipped' | 'flaky';

export interface TestResult {
  id: string;
  module: string;
  title: string;
  priority: number;
  critical: boolean;
  status: TestStatus;
  durationMs: number;
  attempts: number;
  /** present only on failed and flaky tests (for flaky: the failure of the first attempt) */
  failure?: Failure;
  /** why a test was skipped ("needs a second user: auth-token gives only one") */
  skipReason?: string;
  /**
   * A performance test: the metric it stands for. Its outcome is that metric's verdict in
   * `metrics` (one p95, judged once), so the test and the table can never disagree.
   */
  metric?: MetricName;
}

export interface ModuleSummary {
  id: string;
  title: string;
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  flaky: number;
  durationMs: number;
}

export const METRIC_NAMES = [
  'api_response_ms',
  'ws_latency_ms',
  'agent_startup_ms',
  'message_processing_ms',
  'time_to_first_token_ms',
  'run_duration_ms',
  'tool_call_ms',
] as const;
export type BuiltInMetricName = (typeof METRIC_NAMES)[number];
/**
 * A metric a scenario of suite-config declares (`metric: custom:chat_first_token_ms`):
 * measured and judged like the built-in ones, against the target suite-config gives it.
 */
export type CustomMetricName = `custom:${string}`;
export type MetricName = BuiltInMetricName | CustomMetricName;

/** The metrics of PROTOCOL.md §5: what an `agent-ws` run measures and reports. */
export const AGENT_WS_METRICS: readonly MetricName[] = [
  'api_response_ms',
  'ws_latency_ms',
  'agent_startup_ms',
  'message_processing_ms',
];

/** What the gate speaks to the service (INTERFACE.md §5). */
export const PROTOCOL_IDS = ['agent-ws', 'ag-ui', 'a2a', 'mcp', 'custom'] as const;
export type ProtocolId = (typeof PROTOCOL_IDS)[number];

export type MetricStatus = 'met' | 'breached' | 'no-data';

/**
 * A mergeable histogram of samples (ms). Percentiles of merged shards are computed from
 * merged buckets, never averaged. Encoding is owned by runner/histogram.ts.
 */
export interface HistogramData {
  /** bucket scheme id, so that incompatible encodings are never merged */
  scheme: string;
  /** sparse buckets: [bucketIndex, count] */
  buckets: Array<[number, number]>;
  count: number;
  min: number;
  max: number;
  sum: number;
}

export interface MetricResult {
  name: MetricName;
  samples: number;
  p50?: number;
  p95?: number;
  max?: number;
  target: number;
  status: MetricStatus;
  histogram?: HistogramData;
}

export interface Pattern {
  category: FailureCategory;
  /** normalized message: "received 1011 (internal error) Internal error" */
  signature: string;
  count: number;
  tests: string[];
  modules: string[];
}

export type VerdictValue = 'pass' | 'fail' | 'inconclusive';

export interface Verdict {
  verdict: VerdictValue;
  /** one line: which rule decided, with the numbers */
  reason: string;
}

export interface Summary {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  flaky: number;
  /** percent of graded (non-skipped) tests that passed or were flaky, one decimal */
  passRate: number;
}

/** How readiness ended: the runner never grades tests unless `ready` is true. */
export interface Readiness {
  ready: boolean;
  /**
   * set when not ready: service_unavailable (never healthy), stale_deploy (wrong version),
   * connection_failed (never answered), protocol_violation (a 2xx that is not readable JSON)
   */
  category?: 'service_unavailable' | 'stale_deploy' | 'connection_failed' | 'protocol_violation';
  message: string;
  /** version reported by /health at the last poll */
  version?: string;
  waitedMs: number;
  polls: number;
}

/** One tool the gate called, how often, and why: declared in suite-config, or absent from the server. */
export interface ToolCallCount {
  tool: string;
  why: 'declared' | 'absent';
  calls: number;
}

/** results.json, INTERFACE.md §3. Fields beyond the contract are additions, never renames. */
export interface Results {
  schemaVersion: 1;
  verdict: VerdictValue;
  reason: string;
  target: { baseUrl: string; wsUrl: string; version?: string; protocol?: ProtocolId };
  startedAt: string;
  durationMs: number;
  summary: Summary;
  modules: ModuleSummary[];
  tests: TestResult[];
  metrics: MetricResult[];
  patterns: Pattern[];
  /** additions */
  readiness?: Readiness;
  commit?: string;
  runUrl?: string;
  shard?: { index: number; count: number };
  /** the non-secret `staging-gate run` flags that reproduce this run */
  reproduce?: string;
  /** tests of the suite that the protocol cannot carry, with why: never selected, never passed */
  leftOut?: { id: string; reason: string }[];
  /** MCP: every `tools/call` the gate sent, and why it was allowed (nothing else is ever called) */
  toolCalls?: ToolCallCount[];
  /** which tests were selected (the priority, modules and tests inputs) */
  selection?: { priority: number[]; modules: string[]; tests: string[] };
}

/**
 * The one error type that crosses stages. Client code throws it with the wire facts
 * (category left for `runner/classify` to decide from the facts); suite checks throw it
 * with the category they know. Anything else that escapes a test is an `assertion`
 * failure (or a `timeout` when the test's deadline fired).
 */
export class GateError extends Error {
  constructor(
    message: string,
    readonly facts: FailureFacts = {},
    readonly category?: FailureCategory,
    readonly evidence?: EvidenceEntry[],
  ) {
    super(message);
    this.name = 'GateError';
  }
}
