/**
 * Which fault of the reference A2A agent breaks which A2A suite test, and how the failure
 * must be classified. Every A2A suite test appears at least once (a2a-fault-matrix.test.ts
 * proves it): a test no fault can fail would pass by construction. The README renders it.
 */
import type { FailureCategory } from '../../src/model.js';
import type { A2aScenario } from './a2a-harness.js';

/** Tight targets, broken by far by `slow-start:700` and met by far by a healthy run. */
const SLOW_TARGETS = { agent_startup_ms: 400, time_to_first_token_ms: 400, run_duration_ms: 500 };

export const A2A_SCENARIOS = {
  'card-missing': { faults: ['card-missing'] },
  'card-invalid': { faults: ['card-invalid'] },
  'stale-card-version': {
    faults: ['stale-card-version'],
    settings: (s) => ({ ...s, expectedVersion: 'sim-1.0.0' }),
  },
  'jwt-mismatch': { faults: ['jwt-mismatch'] },
  'auth-not-enforced': { faults: ['auth-not-enforced'] },
  'never-terminal': { faults: ['never-terminal'] },
  'failed-task': { faults: ['failed-task'] },
  'events-after-terminal': { faults: ['events-after-terminal'] },
  'bad-artifact-chunks': { faults: ['bad-artifact-chunks'] },
  buffered: { faults: ['buffered'], sim: { eventSpacingMs: 30 } },
  'gettask-stale': { faults: ['gettask-stale'] },
  'cancel-ignored': { faults: ['cancel-ignored'] },
  'made-up-task': { faults: ['made-up-task'] },
  'http-500': { faults: ['http-500'] },
  'tasks-visible-to-others': { faults: ['tasks-visible-to-others'] },
  'slow-start:700': {
    faults: ['slow-start:700'],
    settings: (s) => ({ ...s, perfTargets: { ...s.perfTargets, ...SLOW_TARGETS } }),
  },
} satisfies Record<string, A2aScenario>;

export type A2aScenarioName = keyof typeof A2A_SCENARIOS;

export interface A2aFaultRow {
  test: string;
  fault: A2aScenarioName;
  /** for a performance test: its metric is `breached` (the test stands for the metric) */
  category: FailureCategory;
}

export const A2A_FAULT_MATRIX: readonly A2aFaultRow[] = [
  { test: 'agent-card/card-valid', fault: 'card-missing', category: 'not_found' },
  { test: 'agent-card/card-valid', fault: 'card-invalid', category: 'protocol_violation' },
  { test: 'agent-card/card-valid', fault: 'stale-card-version', category: 'stale_deploy' },
  { test: 'agent-card/jsonrpc-endpoint', fault: 'card-missing', category: 'not_found' },
  { test: 'agent-card/jsonrpc-endpoint', fault: 'card-invalid', category: 'protocol_violation' },
  { test: 'agent-card/jsonrpc-endpoint', fault: 'http-500', category: 'http_error' },
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
  { test: 'messaging/send-message', fault: 'failed-task', category: 'agent_error' },
  { test: 'messaging/send-message', fault: 'never-terminal', category: 'missing_event' },
  { test: 'messaging/send-message', fault: 'gettask-stale', category: 'protocol_violation' },
  { test: 'messaging/send-message', fault: 'jwt-mismatch', category: 'auth_rejected' },
  { test: 'streaming/task-stream', fault: 'never-terminal', category: 'missing_event' },
  { test: 'streaming/task-stream', fault: 'failed-task', category: 'agent_error' },
  { test: 'streaming/task-stream', fault: 'events-after-terminal', category: 'protocol_violation' },
  { test: 'streaming/task-stream', fault: 'bad-artifact-chunks', category: 'protocol_violation' },
  { test: 'streaming/answer-streams', fault: 'buffered', category: 'stream_buffered' },
  { test: 'tasks/get-after-stream', fault: 'gettask-stale', category: 'protocol_violation' },
  { test: 'tasks/cancel-running', fault: 'cancel-ignored', category: 'protocol_violation' },
  {
    test: 'tasks/resubscribe-after-disconnect',
    fault: 'never-terminal',
    category: 'missing_event',
  },
  { test: 'tasks/resubscribe-after-disconnect', fault: 'failed-task', category: 'agent_error' },
  { test: 'errors/task-not-found', fault: 'made-up-task', category: 'protocol_violation' },
  { test: 'errors/task-not-found', fault: 'http-500', category: 'http_error' },
  { test: 'errors/unknown-method', fault: 'http-500', category: 'http_error' },
  { test: 'errors/invalid-params', fault: 'http-500', category: 'http_error' },
  { test: 'errors/unsupported-version', fault: 'http-500', category: 'http_error' },
  { test: 'isolation/get-task', fault: 'tasks-visible-to-others', category: 'isolation_breach' },
  { test: 'isolation/cancel-task', fault: 'tasks-visible-to-others', category: 'isolation_breach' },
  {
    test: 'isolation/subscribe-task',
    fault: 'tasks-visible-to-others',
    category: 'isolation_breach',
  },
  { test: 'concurrency/concurrent-runs', fault: 'failed-task', category: 'agent_error' },
  {
    test: 'performance/agent-startup-time',
    fault: 'slow-start:700',
    category: 'performance_breach',
  },
  {
    test: 'performance/time-to-first-token',
    fault: 'slow-start:700',
    category: 'performance_breach',
  },
  { test: 'performance/run-duration', fault: 'slow-start:700', category: 'performance_breach' },
  { test: 'performance/run-duration', fault: 'never-terminal', category: 'missing_event' },
];

/** The README's A2A fault matrix. */
export function a2aFaultMatrixMarkdown(): string {
  const rows = A2A_FAULT_MATRIX.map(
    (r) => `| \`${r.test}\` | \`${r.fault}\` | \`${r.category}\` |`,
  );
  return ['| test | fault | fails as |', '|---|---|---|', ...rows].join('\n');
}
