/**
 * The faults the MCP reference server can be started with, by name: each breaks one thing
 * the `mcp` suite checks, so that every check is shown to fail on it (the fault matrix).
 * `name:arg` faults take a number of ms or a tool name.
 */
import { SimUsageError } from '../usage-error.js';

export interface McpFaultInfo {
  name: string;
  description: string;
  /** what a client sees */
  symptom: string;
}

export const MCP_FAULTS: readonly McpFaultInfo[] = [
  {
    name: 'tool-is-error',
    description: 'every tools/call of a known tool answers a result with isError: true',
    symptom: 'the smoke calls fail with agent_error',
  },
  {
    name: 'tool-throws',
    description: 'tools/call crashes the handler: HTTP 500 with a JSON-RPC internal error',
    symptom: 'smoke calls and the unknown-tool call fail with http_error',
  },
  {
    name: 'bad-tool-schema',
    description: 'one listed tool has an inputSchema of type "string" (schema drift)',
    symptom: 'tools/list fails the schema check: protocol_violation',
  },
  {
    name: 'missing-tool:<name>',
    description: 'the named tool is not listed (and cannot be called)',
    symptom: 'the declared-tools check fails with not_found',
  },
  {
    name: 'origin-not-checked',
    description: 'a request with a foreign Origin is served (no DNS-rebinding protection)',
    symptom: 'the Origin check fails with auth_not_enforced',
  },
  {
    name: 'session-not-checked',
    description: 'requests with an unknown or without an Mcp-Session-Id are served',
    symptom: 'the session checks fail with protocol_violation',
  },
  {
    name: 'session-shared',
    description: "a session is served to any valid token, not only its owner's",
    symptom: 'the other-user check fails with isolation_breach',
  },
  {
    name: 'auth-not-enforced',
    description: 'requests without a valid token are served',
    symptom: 'the auth checks fail with auth_not_enforced',
  },
  {
    name: 'jwt-mismatch',
    description: 'the server verifies tokens with a secret nobody signs with',
    symptom: 'valid tokens are refused: auth_rejected',
  },
  {
    name: 'stale-version',
    description: 'serverInfo.version reports the previous build (sim-0.9.0)',
    symptom: 'expected-version is not met: stale_deploy',
  },
  {
    name: 'slow-tools-list:<ms>',
    description: 'tools/list answers after <ms>',
    symptom: 'api_response_ms is breached: performance_breach',
  },
  {
    name: 'slow-tool:<ms>',
    description: 'tools/call answers after <ms>',
    symptom: 'tool_call_ms is breached: performance_breach',
  },
  {
    name: 'initialize-500',
    description: 'initialize answers HTTP 500',
    symptom: 'the handshake fails with http_error (readiness never succeeds)',
  },
  {
    name: 'wrong-protocol-version',
    description: 'initialize answers protocolVersion 1999-01-01',
    symptom: 'the handshake fails with protocol_violation',
  },
  {
    name: 'ping-error',
    description: 'ping answers a JSON-RPC error (method not found)',
    symptom: 'the ping check fails with protocol_violation',
  },
  {
    name: 'no-resource-metadata',
    description:
      'the 401 challenge names no resource_metadata and the well-known metadata is not served',
    symptom: 'the resource-metadata check fails with not_found',
  },
];

export interface McpFaults {
  has(name: string): boolean;
  slowToolsListMs: number;
  slowToolMs: number;
  missingTools: Set<string>;
}

const SIMPLE = new Set(MCP_FAULTS.filter((f) => !f.name.includes(':')).map((f) => f.name));

export function parseMcpFaults(specs: readonly string[]): McpFaults {
  const names = new Set<string>();
  const faults: McpFaults = {
    has: (name) => names.has(name),
    slowToolsListMs: 0,
    slowToolMs: 0,
    missingTools: new Set(),
  };
  for (const spec of specs) {
    const [name, arg] = splitFault(spec);
    if (SIMPLE.has(name) && arg === undefined) names.add(name);
    else if (name === 'slow-tools-list' || name === 'slow-tool') {
      const ms = Number(arg);
      if (arg === undefined || !Number.isInteger(ms) || ms < 0 || ms > 600_000)
        throw new SimUsageError(`fault '${spec}': expected ${name}:<ms> with ms from 0 to 600000`);
      if (name === 'slow-tool') faults.slowToolMs = ms;
      else faults.slowToolsListMs = ms;
    } else if (name === 'missing-tool' && arg) faults.missingTools.add(arg);
    else
      throw new SimUsageError(
        `fault '${spec}': not an MCP sim fault (known: ${MCP_FAULTS.map((f) => f.name).join(', ')})`,
      );
  }
  return faults;
}

function splitFault(spec: string): [string, string | undefined] {
  const at = spec.indexOf(':');
  return at < 0 ? [spec, undefined] : [spec.slice(0, at), spec.slice(at + 1)];
}
