/**
 * The base URL of the service and its WebSocket URL. The WebSocket default keeps the base
 * path: `https://x/api` + wsPath `/ws` → `wss://x/api/ws`, because a service mounted under a
 * path prefix mounts its WebSocket under it too (a `ws-url` says otherwise when it does not).
 */
import { shown } from './input-values.js';
import { InputError } from './settings.js';

function parseUrl(name: string, value: string, schemes: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(
      name,
      `expected an absolute ${schemes.join(' or ')} URL, got ${shown(name, value)}`,
    );
  }
  if (url.username || url.password) {
    // the URL lands in logs and reports; credentials go in jwt-secret or auth-token
    throw new InputError(
      name,
      'must not embed credentials (user:password@); use jwt-secret or auth-token',
    );
  }
  if (!schemes.includes(url.protocol.slice(0, -1))) {
    throw new InputError(
      name,
      `expected a ${schemes.join(' or ')} URL, got scheme '${url.protocol.slice(0, -1)}' in ${shown(name, value)}`,
    );
  }
  return url;
}

/** The base URL without a trailing slash, so that protocol paths append cleanly. */
export function parseBaseUrl(value: string | undefined, fallback: string | undefined): string {
  const text = value ?? fallback?.trim();
  if (!text) {
    throw new InputError(
      'base-url',
      'is required: the URL of the deployed service, e.g. https://api.staging.example.com',
    );
  }
  const url = parseUrl('base-url', text, ['http', 'https']);
  if (url.search || url.hash) {
    throw new InputError(
      'base-url',
      `must not have a query or fragment, got ${shown('base-url', text)}`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function parseWsUrl(value: string): string {
  return parseUrl('ws-url', value, ['ws', 'wss']).href;
}

/** ws(s) scheme + host + base path + wsPath. */
export function defaultWsUrl(baseUrl: string, wsPath: string): string {
  const url = new URL(baseUrl);
  const scheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const basePath = url.pathname.replace(/\/+$/, '');
  const path = wsPath.startsWith('/') ? wsPath : `/${wsPath}`;
  return `${scheme}//${url.host}${basePath}${path}`;
}

/**
 * `agent-url`: an absolute http(s) URL, or a path kept under the base path (`/agent` on
 * `https://x/api` → `https://x/api/agent`). AG-UI has no default endpoint (services mount it
 * anywhere), so it is required there; MCP defaults to `<base-url>/mcp`; A2A reads its
 * JSON-RPC URL from the agent card.
 */
export function parseAgentUrl(
  value: string | undefined,
  baseUrl: string,
  protocolId: string,
): string | undefined {
  if (value === undefined) {
    if (protocolId === 'ag-ui') {
      throw new InputError(
        'agent-url',
        'protocol ag-ui needs the endpoint that runs the agent (where its RunAgentInput is POSTed), e.g. https://api.staging.example.com/agent or /agent',
      );
    }
    return protocolId === 'mcp' ? `${baseUrl}/mcp` : undefined;
  }
  if (value.startsWith('/')) {
    if (/\s/.test(value)) {
      throw new InputError(
        'agent-url',
        `expected a path without spaces, got ${shown('agent-url', value)}`,
      );
    }
    return `${baseUrl}${value}`;
  }
  return parseUrl('agent-url', value, ['http', 'https']).href;
}

/** `health-path`: `/health` for agent-ws (its suite-config path), none for the others unless given. */
export function parseHealthPath(
  value: string | undefined,
  protocolId: string,
  agentWsHealth: string,
): string | undefined {
  if (value === undefined) return protocolId === 'agent-ws' ? agentWsHealth : undefined;
  if (!value.startsWith('/') || /\s/.test(value)) {
    throw new InputError(
      'health-path',
      `expected a path starting with '/', got ${shown('health-path', value)}`,
    );
  }
  return value;
}
