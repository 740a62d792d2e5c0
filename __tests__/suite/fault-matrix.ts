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
  /**
   * What the failure message must say about this fault: the status, close code, event,
   * metric or user it is about. Each pattern is also checked against the messages of the
   * other faults of the same test, so that it cannot pass whatever broke.
   */
  says: RegExp;
}

export const FAULT_MATRIX: readonly FaultRow[] = [
  {
    test: 'health/service-healthy-with-version',
    fault: 'startup-503',
    category: 'service_unavailable',
    says: /→ 503/,
  },
  {
    test: 'health/service-healthy-with-version',
    fault: 'stale-version',
    category: 'stale_deploy',
    says: /sim-1\.0\.0-previous/,
  },
  {
    test: 'health/api-health',
    fault: 'http-500:/api/health',
    category: 'http_error',
    says: /\/api\/health → 500/,
  },
  {
    test: 'health/api-health',
    fault: 'http-404:/api/health',
    category: 'not_found',
    says: /\/api\/health → 404/,
  },
  {
    test: 'critical-path/critical-api-endpoints',
    fault: 'http-500:/api/mcp/servers',
    category: 'http_error',
    says: /\/api\/mcp\/servers → 500/,
  },
  {
    test: 'critical-path/critical-api-endpoints',
    fault: 'wrong-content-type',
    category: 'protocol_violation',
    says: /text\/html/,
  },
  {
    test: 'auth/valid-token-accepted',
    fault: 'jwt-mismatch',
    category: 'auth_rejected',
    says: /→ 401/,
  },
  {
    test: 'auth/missing-token-rejected-http',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
    says: /with no token → 200/,
  },
  {
    test: 'auth/missing-token-rejected-ws',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
    says: /with no token was accepted/,
  },
  {
    test: 'auth/wrong-signature-rejected-http',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
    says: /wrongly signed token → 200/,
  },
  {
    test: 'auth/wrong-signature-rejected-ws',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
    says: /wrongly signed token was accepted/,
  },
  {
    test: 'auth/expired-token-rejected-http',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
    says: /expired token → 200/,
  },
  {
    test: 'auth/expired-token-rejected-ws',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
    says: /expired token was accepted/,
  },
  {
    test: 'auth/malformed-token-rejected',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
    says: /malformed token → 200/,
  },
  {
    test: 'websocket-events/connect-and-welcome',
    fault: 'ws-1011-on-connect',
    category: 'ws_internal_error',
    says: /closed 1011.*welcome/,
  },
  {
    test: 'websocket-events/ping-pong',
    fault: 'ws-1011-on-connect',
    category: 'ws_internal_error',
    says: /closed 1011.*welcome/,
  },
  {
    test: 'websocket-events/ping-pong',
    fault: 'hang',
    category: 'timeout',
    stage: 'upgrade',
    says: /no answer/,
  },
  {
    test: 'websocket-events/concurrent-sessions',
    fault: 'ws-1011-on-connect',
    category: 'ws_internal_error',
    says: /closed 1011.*welcome/,
  },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'ws-1011-on-agent',
    category: 'ws_internal_error',
    says: /closed 1011/,
  },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'drop-event:tool_completed',
    category: 'missing_event',
    says: /never got its tool_completed/,
  },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'reorder-events',
    category: 'missing_event',
    says: /agent_started is not the first event/,
  },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'drop-event:agent_completed',
    category: 'timeout',
    stage: 'completion',
    says: /no event for .* after the last one/,
  },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'garbage-frames',
    category: 'protocol_violation',
    says: /not a JSON object/,
  },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'oversized-frame',
    category: 'protocol_violation',
    says: /a frame over \d+ bytes/,
  },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'close-1006',
    category: 'ws_abnormal_close',
    says: /closed 1006(?! \(connection reset\))/,
  },
  {
    test: 'websocket-events/agent-event-flow',
    fault: 'reset-mid-run',
    category: 'connection_failed',
    says: /connection reset/,
  },
  {
    test: 'message-flow/user-message-run',
    fault: 'ws-1011-on-agent',
    category: 'ws_internal_error',
    says: /closed 1011/,
  },
  {
    test: 'message-flow/user-message-run',
    fault: 'drop-event:agent_started',
    category: 'missing_event',
    stage: 'first_event',
    says: /agent_started never came/,
  },
  {
    test: 'message-flow/invalid-json-answered',
    fault: 'ws-1011-on-connect',
    category: 'ws_internal_error',
    says: /closed 1011.*welcome/,
  },
  {
    test: 'message-flow/invalid-json-answered',
    fault: 'bad-json-close',
    category: 'ws_abnormal_close',
    says: /closed 1007/,
  },
  {
    test: 'message-flow/unknown-type-answered',
    fault: 'ws-1011-on-connect',
    category: 'ws_internal_error',
    says: /closed 1011.*welcome/,
  },
  {
    test: 'message-flow/unknown-type-answered',
    fault: 'unknown-type-close',
    category: 'ws_abnormal_close',
    says: /closed 1003/,
  },
  {
    test: 'agent-pipeline/agent-discovery',
    fault: 'http-500:/api/agents',
    category: 'http_error',
    says: /\/api\/agents → 500/,
  },
  {
    test: 'agent-pipeline/named-agent-run',
    fault: 'ws-1011-on-agent',
    category: 'ws_internal_error',
    says: /closed 1011/,
  },
  {
    test: 'agent-pipeline/unknown-agent-error',
    fault: 'ws-1011-on-connect',
    category: 'ws_internal_error',
    says: /closed 1011.*welcome/,
  },
  {
    test: 'agent-pipeline/execute-endpoint',
    fault: 'http-404:/api/agents/execute',
    category: 'not_found',
    says: /\/api\/agents\/execute → 404/,
  },
  {
    test: 'agent-pipeline/execute-unknown-agent',
    fault: 'http-404:/api/agents/execute',
    category: 'not_found',
    says: /→ 404: .*route itself looks missing/,
  },
  {
    test: 'agent-pipeline/execute-unknown-agent',
    fault: 'wrong-content-type',
    category: 'protocol_violation',
    says: /came as text\/html/,
  },
  {
    test: 'threads/create-thread',
    fault: 'http-500:/api/threads',
    category: 'http_error',
    says: /\/api\/threads → 500/,
  },
  {
    test: 'threads/list-includes-created',
    fault: 'http-500:/api/threads',
    category: 'http_error',
    says: /\/api\/threads → 500/,
  },
  {
    test: 'threads/messages-persisted-in-order',
    fault: 'drop-persistence',
    category: 'assertion',
    says: /holds 0 messages/,
  },
  {
    test: 'threads/history-survives-reconnect',
    fault: 'drop-persistence',
    category: 'assertion',
    says: /holds 0 messages/,
  },
  {
    test: 'isolation/concurrent-runs-isolated',
    fault: 'cross-user-leak',
    category: 'isolation_breach',
    says: /received \w+ of run \S+ belonging to staging-e2e-user-/,
  },
  {
    test: 'isolation/thread-list-isolated',
    fault: 'cross-user-leak',
    category: 'isolation_breach',
    says: /thread list includes staging-e2e-user-\d+'s thread/,
  },
  {
    test: 'isolation/foreign-thread-forbidden',
    fault: 'cross-user-leak',
    category: 'isolation_breach',
    says: /staging-e2e-user-\d+'s thread → 200/,
  },
  {
    test: 'isolation/foreign-thread-run-refused',
    fault: 'cross-user-leak',
    category: 'isolation_breach',
    says: /ran agent run \S+ on staging-e2e-user-\d+'s thread/,
  },
  {
    test: 'concurrency/concurrent-user-runs',
    fault: 'ws-1011-on-agent',
    category: 'ws_internal_error',
    says: /concurrent users failed.*closed 1011/,
  },
  {
    test: 'concurrency/sustained-user-runs',
    fault: 'ws-1011-on-agent',
    category: 'ws_internal_error',
    says: /users failed.*closed 1011/,
  },
  {
    test: 'performance/api-response-time',
    fault: 'slow-api:150',
    category: 'performance_breach',
    says: /api_response_ms.*target 100 ms/,
  },
  {
    test: 'performance/api-response-time',
    fault: 'rate-limit:3',
    category: 'http_error',
    says: /→ 429/,
  },
  {
    test: 'performance/ws-latency',
    fault: 'slow-pong:120',
    category: 'performance_breach',
    says: /ws_latency_ms.*target 50 ms/,
  },
  {
    test: 'performance/agent-startup-time',
    fault: 'slow-agent-start:800',
    category: 'performance_breach',
    says: /agent_startup_ms.*target 500 ms/,
  },
  {
    test: 'performance/agent-startup-time',
    fault: 'latency:600 (every frame)',
    category: 'performance_breach',
    says: /agent_startup_ms.*target 500 ms/,
  },
  {
    test: 'performance/message-processing-time',
    fault: 'latency:600 (every frame)',
    category: 'performance_breach',
    says: /message_processing_ms.*target 200 ms/,
  },
  {
    test: 'mcp-servers/listed-servers',
    fault: 'listed MCP server: origin-not-checked',
    category: 'auth_not_enforced',
    says: /MCP server .*Origin .*DNS rebinding/,
  },
  {
    test: 'mcp-servers/listed-servers',
    fault: 'listed MCP server: auth-not-enforced',
    category: 'auth_not_enforced',
    says: /MCP server .*token/,
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
