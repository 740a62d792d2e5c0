/**
 * Which fault of the reference AG-UI service breaks which AG-UI suite test, and how the
 * failure must be classified. Every AG-UI suite test appears at least once (the test file
 * proves it): a test no fault can fail would pass by construction. The README shows it.
 */
import type { FailureCategory } from '../../src/model.js';
import type { AgUiSimInit } from '../../src/sim/ag-ui/index.js';
import { TIGHT_AG_UI_TARGETS } from './ag-ui-harness.js';

export interface AgUiScenario {
  sim?: AgUiSimInit;
  /** extra inputs */
  inputs?: Record<string, string>;
  /** short timeouts, for faults that end in one */
  fast?: boolean;
}

/** The healthy variants every test must pass on. */
export const HEALTHY_VARIANTS = {
  plain: {},
  'crlf, keep-alive comments, chunk events, unknown event types': {
    sim: { variant: { crlf: true, keepAlive: true, chunks: true, unknownEvents: true } },
  },
} satisfies Record<string, AgUiScenario>;

const tight = { 'perf-targets': TIGHT_AG_UI_TARGETS };

export const AG_UI_SCENARIOS = {
  'startup-503': { sim: { faults: ['startup-503'] } },
  'jwt-mismatch': { sim: { faults: ['jwt-mismatch'] } },
  'auth-not-enforced': { sim: { faults: ['auth-not-enforced'] } },
  truncated: { sim: { faults: ['truncated'] } },
  'run-error': { sim: { faults: ['run-error'] } },
  'unbalanced-message': { sim: { faults: ['unbalanced-message'] } },
  'events-after-finish': { sim: { faults: ['events-after-finish'] } },
  'crossed-runs': { sim: { faults: ['crossed-runs'] } },
  'wrong-content-type': { sim: { faults: ['wrong-content-type'] } },
  stall: { sim: { faults: ['stall'] }, fast: true },
  buffered: { sim: { faults: ['buffered'] } },
  'invalid-tool-args': { sim: { faults: ['invalid-tool-args'] } },
  'orphan-tool-result': { sim: { faults: ['orphan-tool-result'] } },
  'malformed-input-500': { sim: { faults: ['malformed-input-500'] } },
  'slow-start:400': { sim: { faults: ['slow-start:400'] }, inputs: tight },
  'slow-first-token:400': { sim: { faults: ['slow-first-token:400'] }, inputs: tight },
} satisfies Record<string, AgUiScenario>;

export type AgUiScenarioName = keyof typeof AG_UI_SCENARIOS;

export interface AgUiFaultRow {
  test: string;
  fault: AgUiScenarioName;
  category: FailureCategory;
  stage?: string;
}

export const AG_UI_FAULT_MATRIX: readonly AgUiFaultRow[] = [
  { test: 'health/agent-endpoint-answers', fault: 'startup-503', category: 'service_unavailable' },
  { test: 'health/health-path-healthy', fault: 'startup-503', category: 'service_unavailable' },
  { test: 'auth/valid-token-accepted', fault: 'jwt-mismatch', category: 'auth_rejected' },
  {
    test: 'auth/missing-token-rejected',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
  },
  {
    test: 'auth/wrong-signature-rejected',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
  },
  {
    test: 'auth/expired-token-rejected',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
  },
  {
    test: 'auth/malformed-token-rejected',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
  },
  { test: 'run-events/ordered-run', fault: 'truncated', category: 'missing_event' },
  { test: 'run-events/ordered-run', fault: 'run-error', category: 'agent_error' },
  { test: 'run-events/ordered-run', fault: 'unbalanced-message', category: 'protocol_violation' },
  { test: 'run-events/ordered-run', fault: 'events-after-finish', category: 'protocol_violation' },
  { test: 'run-events/ordered-run', fault: 'crossed-runs', category: 'isolation_breach' },
  { test: 'run-events/ordered-run', fault: 'wrong-content-type', category: 'protocol_violation' },
  { test: 'run-events/ordered-run', fault: 'stall', category: 'timeout', stage: 'completion' },
  { test: 'streaming/answer-streams', fault: 'buffered', category: 'stream_buffered' },
  { test: 'tools/args-are-json', fault: 'invalid-tool-args', category: 'protocol_violation' },
  {
    test: 'tools/result-refers-to-call',
    fault: 'orphan-tool-result',
    category: 'protocol_violation',
  },
  { test: 'errors/malformed-input-refused', fault: 'malformed-input-500', category: 'http_error' },
  { test: 'concurrency/concurrent-runs', fault: 'crossed-runs', category: 'isolation_breach' },
  { test: 'concurrency/concurrent-runs', fault: 'run-error', category: 'agent_error' },
  {
    test: 'performance/agent-startup-time',
    fault: 'slow-start:400',
    category: 'performance_breach',
  },
  {
    test: 'performance/time-to-first-token',
    fault: 'slow-first-token:400',
    category: 'performance_breach',
  },
  {
    test: 'performance/run-duration',
    fault: 'slow-first-token:400',
    category: 'performance_breach',
  },
];

/** The README's AG-UI fault matrix. */
export function agUiFaultMatrixMarkdown(): string {
  const rows = AG_UI_FAULT_MATRIX.map(
    (r) =>
      `| \`${r.test}\` | \`${AG_UI_SCENARIOS[r.fault].sim.faults.join(', ')}\` | \`${r.category}\`${r.stage ? ` (stage \`${r.stage}\`)` : ''} |`,
  );
  return ['| test | fault | fails as |', '|---|---|---|', ...rows].join('\n');
}
