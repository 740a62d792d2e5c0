/**
 * Which fault of the reference service breaks which suite test, and how the failure must be
 * classified. Every suite test appears at least once: a test no fault can fail would be a
 * test that passes by construction. The README renders this table.
 */
import type { FailureCategory } from '../../src/model.js';
import { withListedServers, withSeedTargets, type Scenario } from './harness.js';

/** Named sim setups. Keys are what the README shows in its "fault" column. */
export const SCENARIOS = {
  'startup-503': { faults: ['startup-503'], sim: { startupMs: 120_000 } },
  'stale-version': {
    faults: ['stale-version'],
    settings: (s) => ({ ...s, expectedVersion: 'sim-1.0.0' }),
  },
  'http-500:/api/health': { faults: ['http-500:/api/health'] },
  'http-404:/api/health': { faults: ['http-404:/api/health'] },
  'http-500:/api/mcp/servers': { faults: ['http-500:/api/mcp/servers'] },
  'wrong-content-type': { faults: ['wrong-content-type'] },
  'jwt-mismatch': { faults: ['jwt-mismatch'] },
  'auth-not-enforced': { faults: ['auth-not-enforced'] },
  'ws-1011-on-connect': { faults: ['ws-1011-on-connect'] },
  'ws-1011-on-agent': { faults: ['ws-1011-on-agent'] },
  hang: { faults: ['hang'], fast: true },
  'drop-event:tool_completed': { faults: ['drop-event:tool_completed'] },
  'drop-event:agent_started': { faults: ['drop-event:agent_started'], fast: true },
  'drop-event:agent_completed': { faults: ['drop-event:agent_completed'], fast: true },
  'reorder-events': { faults: ['reorder-events'] },
  'garbage-frames': { faults: ['garbage-frames'] },
  'oversized-frame': { faults: ['oversized-frame'] },
  'close-1006': { faults: ['close-1006'] },
  'reset-mid-run': { faults: ['reset-mid-run'] },
  'http-500:/api/agents': { faults: ['http-500:/api/agents'] },
  'http-404:/api/agents/execute': { faults: ['http-404:/api/agents/execute'] },
  'http-500:/api/threads': { faults: ['http-500:/api/threads'] },
  'drop-persistence': { faults: ['drop-persistence'] },
  'cross-user-leak': { faults: ['cross-user-leak'] },
  'slow-api:150': { faults: ['slow-api:150'], settings: withSeedTargets },
  'rate-limit:3': { faults: ['rate-limit:3'] },
  'slow-pong:120': { faults: ['slow-pong:120'], settings: withSeedTargets },
  'bad-json-close': { faults: ['bad-json-close'] },
  'unknown-type-close': { faults: ['unknown-type-close'] },
  'slow-agent-start:800': { faults: ['slow-agent-start:800'], settings: withSeedTargets },
  'listed MCP server: origin-not-checked': {
    sim: { mcpSim: { faults: ['origin-not-checked'] } },
    settings: withListedServers,
  },
  'listed MCP server: auth-not-enforced': {
    sim: { mcpSim: { faults: ['auth-not-enforced'] } },
    settings: withListedServers,
  },
  'latency:600 (every frame)': {
    sim: { latency: { ms: 600, jitterMs: 0 } },
    settings: withSeedTargets,
  },
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;

export interface FaultRow {
  test: string;
  fault: ScenarioName;
  category: FailureCategory;
  /** the stage a timeout must name */
  stage?: string;
}

export const FAULT_MATRIX: readonly FaultRow[] = [
  {
    test: 'health/service-healthy-with-version',
    fault: 'startup-503',
    category: 'service_unavailable',
  },
  { test: 'health/service-healthy-with-version', fault: 'stale-version', category: 'stale_deploy' },
  { test: 'health/api-health', fault: 'http-500:/api/health', category: 'http_error' },
  { test: 'health/api-health', fault: 'http-404:/api/health', category: 'not_found' },
  {
    test: 'critical-path/critical-api-endpoints',
    fault: 'http-500:/api/mcp/servers',
    category: 'http_error',
  },
  {
    test: 'critical-path/critical-api-endpoints',
    fault: 'wrong-content-type',
    category: 'protocol_violation',
  },
  { test: 'auth/valid-token-accepted', fault: 'jwt-mismatch', category: 'auth_rejected' },
  {
    test: 'auth/missing-token-rejected-http',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
  },
  {
    test: 'auth/missing-token-rejected-ws',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
  },
  {
    test: 'auth/wrong-signature-rejected-http',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
  },
  {
    test: 'auth/wrong-signature-rejected-ws',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
  },
  {
    test: 'auth/expired-token-rejected-http',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
  },
  {
    test: 'auth/expired-token-rejected-ws',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
  },
  {
    test: 'auth/malformed-token-rejected',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
  },
  {
    test: 'websocket-events/connect-and-welcome',
    fault: 'ws-1011-on-connect',
    category: 'ws_internal_error',
  },
  {
    test: 'websocket-events/ping-pong',
    fault: 'ws-1011-on-connect',
    category: 'ws_internal_error',
  },
  { test: 'websocket-events/ping-pong', fault: 'hang', category: 'timeout', stage: 'upgrade' },
  {
    test: 'websocket-events/concurrent-sessions',
    fault: 'ws-1011-on-connect',
    category: 'ws_internal_error',
  },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'ws-1011-on-agent',
    category: 'ws_internal_error',
  },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'drop-event:tool_completed',
    category: 'missing_event',
  },
  { test: 'websocket-events/agent-event-flow', fault: 'reorder-events', category: 'missing_event' },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'drop-event:agent_completed',
    category: 'timeout',
    stage: 'completion',
  },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'garbage-frames',
    category: 'protocol_violation',
  },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'oversized-frame',
    category: 'protocol_violation',
  },
  { test: 'websocket-events/agent-event-flow', fault: 'close-1006', category: 'ws_abnormal_close' },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'reset-mid-run',
    category: 'connection_failed',
  },
  {
    test: 'message-flow/user-message-run',
    fault: 'ws-1011-on-agent',
    category: 'ws_internal_error',
  },
  {
    test: 'message-flow/user-message-run',
    fault: 'drop-event:agent_started',
    category: 'missing_event',
    stage: 'first_event',
  },
  {
    test: 'message-flow/invalid-json-answered',
    fault: 'ws-1011-on-connect',
    category: 'ws_internal_error',
  },
  {
    test: 'message-flow/invalid-json-answered',
    fault: 'bad-json-close',
    category: 'ws_abnormal_close',
  },
  {
    test: 'message-flow/unknown-type-answered',
    fault: 'ws-1011-on-connect',
    category: 'ws_internal_error',
  },
  {
    test: 'message-flow/unknown-type-answered',
    fault: 'unknown-type-close',
    category: 'ws_abnormal_close',
  },
  { test: 'agent-pipeline/agent-discovery', fault: 'http-500:/api/agents', category: 'http_error' },
  {
    test: 'agent-pipeline/named-agent-run',
    fault: 'ws-1011-on-agent',
    category: 'ws_internal_error',
  },
  {
    test: 'agent-pipeline/unknown-agent-error',
    fault: 'ws-1011-on-connect',
    category: 'ws_internal_error',
  },
  {
    test: 'agent-pipeline/execute-endpoint',
    fault: 'http-404:/api/agents/execute',
    category: 'not_found',
  },
  {
    test: 'agent-pipeline/execute-unknown-agent',
    fault: 'http-404:/api/agents/execute',
    category: 'not_found',
  },
  {
    test: 'agent-pipeline/execute-unknown-agent',
    fault: 'wrong-content-type',
    category: 'protocol_violation',
  },
  { test: 'threads/create-thread', fault: 'http-500:/api/threads', category: 'http_error' },
  { test: 'threads/list-includes-created', fault: 'http-500:/api/threads', category: 'http_error' },
  { test: 'threads/messages-persisted-in-order', fault: 'drop-persistence', category: 'assertion' },
  { test: 'threads/history-survives-reconnect', fault: 'drop-persistence', category: 'assertion' },
  {
    test: 'isolation/concurrent-runs-isolated',
    fault: 'cross-user-leak',
    category: 'isolation_breach',
  },
  {
    test: 'isolation/thread-list-isolated',
    fault: 'cross-user-leak',
    category: 'isolation_breach',
  },
  {
    test: 'isolation/foreign-thread-forbidden',
    fault: 'cross-user-leak',
    category: 'isolation_breach',
  },
  {
    test: 'isolation/foreign-thread-run-refused',
    fault: 'cross-user-leak',
    category: 'isolation_breach',
  },
  {
    test: 'concurrency/concurrent-user-runs',
    fault: 'ws-1011-on-agent',
    category: 'ws_internal_error',
  },
  {
    test: 'concurrency/sustained-user-runs',
    fault: 'ws-1011-on-agent',
    category: 'ws_internal_error',
  },
  { test: 'performance/api-response-time', fault: 'slow-api:150', category: 'performance_breach' },
  { test: 'performance/api-response-time', fault: 'rate-limit:3', category: 'http_error' },
  { test: 'performance/ws-latency', fault: 'slow-pong:120', category: 'performance_breach' },
  {
    test: 'performance/agent-startup-time',
    fault: 'slow-agent-start:800',
    category: 'performance_breach',
  },
  {
    test: 'performance/agent-startup-time',
    fault: 'latency:600 (every frame)',
    category: 'performance_breach',
  },
  {
    test: 'performance/message-processing-time',
    fault: 'latency:600 (every frame)',
    category: 'performance_breach',
  },
  {
    test: 'mcp-servers/listed-servers',
    fault: 'listed MCP server: origin-not-checked',
    category: 'auth_not_enforced',
  },
  {
    test: 'mcp-servers/listed-servers',
    fault: 'listed MCP server: auth-not-enforced',
    category: 'auth_not_enforced',
  },
];

/** The matrix as a markdown table, for the README. */
export function faultMatrixMarkdown(): string {
  const rows = FAULT_MATRIX.map(
    (r) =>
      `| \`${r.test}\` | \`${r.fault}\` | \`${r.category}\`${r.stage ? ` (stage \`${r.stage}\`)` : ''} |`,
  );
  return ['| test | fault | fails as |', '|---|---|---|', ...rows].join('\n');
}
