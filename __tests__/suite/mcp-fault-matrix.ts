/**
 * Which fault of the MCP reference server breaks which `mcp` suite test, and how the
 * failure must be classified. Every mcp suite test appears at least once.
 */
import type { FailureCategory } from '../../src/model.js';
import type { McpScenario } from './mcp-harness.js';

export const MCP_SCENARIOS = {
  'initialize-500': { faults: ['initialize-500'] },
  'wrong-protocol-version': { faults: ['wrong-protocol-version'] },
  'stale-version': {
    faults: ['stale-version'],
    settings: (s) => ({ ...s, expectedVersion: 'sim-1.0.0' }),
  },
  'ping-error': { faults: ['ping-error'] },
  'auth-not-enforced': { faults: ['auth-not-enforced'] },
  'jwt-mismatch': { faults: ['jwt-mismatch'] },
  'no-resource-metadata': { faults: ['no-resource-metadata'] },
  'bad-tool-schema': { faults: ['bad-tool-schema'] },
  'missing-tool:query_usage': { faults: ['missing-tool:query_usage'] },
  'tool-is-error': { faults: ['tool-is-error'] },
  'tool-throws': { faults: ['tool-throws'] },
  'session-not-checked': { faults: ['session-not-checked'] },
  'session-shared': { faults: ['session-shared'] },
  'origin-not-checked': { faults: ['origin-not-checked'] },
  'slow-tools-list:250': { faults: ['slow-tools-list:250'], realTargets: true },
  'slow-tool:1200': { faults: ['slow-tool:1200'], realTargets: true },
  'revision-2026-07-28 (variant)': { sim: { variant: 'revision-2026-07-28' } },
} satisfies Record<string, McpScenario>;

export type McpScenarioName = keyof typeof MCP_SCENARIOS;

export interface McpFaultRow {
  test: string;
  fault: McpScenarioName;
  category: FailureCategory;
  /** a fact the failure message must name */
  names: string;
}

export const MCP_FAULT_MATRIX: readonly McpFaultRow[] = [
  { test: 'handshake/initialize', fault: 'initialize-500', category: 'http_error', names: '500' },
  {
    test: 'handshake/initialize',
    fault: 'wrong-protocol-version',
    category: 'protocol_violation',
    names: '1999-01-01',
  },
  {
    test: 'handshake/initialize',
    fault: 'stale-version',
    category: 'stale_deploy',
    names: 'sim-0.9.0',
  },
  {
    test: 'handshake/initialize',
    fault: 'revision-2026-07-28 (variant)',
    category: 'protocol_violation',
    names: '2026-07-28',
  },
  { test: 'handshake/ping', fault: 'ping-error', category: 'protocol_violation', names: '-32601' },
  {
    test: 'auth/missing-token-rejected',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
    names: 'no token',
  },
  {
    test: 'auth/wrong-signature-rejected',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
    names: 'wrongly signed',
  },
  {
    test: 'auth/expired-token-rejected',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
    names: 'expired',
  },
  {
    test: 'auth/valid-token-accepted',
    fault: 'jwt-mismatch',
    category: 'auth_rejected',
    names: '401',
  },
  {
    test: 'auth/resource-metadata',
    fault: 'no-resource-metadata',
    category: 'not_found',
    names: 'RFC 9728',
  },
  {
    test: 'auth/resource-metadata',
    fault: 'auth-not-enforced',
    category: 'auth_not_enforced',
    names: 'accepted',
  },
  {
    test: 'tools/list-valid',
    fault: 'bad-tool-schema',
    category: 'protocol_violation',
    names: 'inputSchema',
  },
  {
    test: 'tools/declared-present',
    fault: 'missing-tool:query_usage',
    category: 'not_found',
    names: 'query_usage',
  },
  { test: 'tools/smoke-calls', fault: 'tool-is-error', category: 'agent_error', names: 'isError' },
  { test: 'tools/smoke-calls', fault: 'tool-throws', category: 'http_error', names: '500' },
  { test: 'tools/unknown-tool', fault: 'tool-throws', category: 'http_error', names: '500' },
  {
    test: 'sessions/unknown-session-404',
    fault: 'session-not-checked',
    category: 'protocol_violation',
    names: '404',
  },
  {
    test: 'sessions/missing-session-400',
    fault: 'session-not-checked',
    category: 'protocol_violation',
    names: '400',
  },
  {
    test: 'sessions/other-user-refused',
    fault: 'session-shared',
    category: 'isolation_breach',
    names: 'user 2',
  },
  {
    test: 'sessions/delete-ends-session',
    fault: 'session-not-checked',
    category: 'protocol_violation',
    names: 'DELETE',
  },
  {
    test: 'security/foreign-origin-refused',
    fault: 'origin-not-checked',
    category: 'auth_not_enforced',
    names: 'DNS rebinding',
  },
  {
    test: 'performance/api-response-time',
    fault: 'slow-tools-list:250',
    category: 'performance_breach',
    names: 'api_response_ms',
  },
  {
    test: 'performance/tool-call-time',
    fault: 'slow-tool:1200',
    category: 'performance_breach',
    names: 'tool_call_ms',
  },
];
