/**
 * MCP over Streamable HTTP as data (revision 2025-11-25, basic/transports and
 * basic/lifecycle): the protocol versions the gate negotiates, the headers, and the pure
 * readings of JSON-RPC answers, `initialize` results, tool lists and `WWW-Authenticate`
 * challenges. Nothing here talks to the network; `client.ts` does.
 */

/** What the gate asks for in `initialize`. */
export const LATEST_PROTOCOL_VERSION = '2025-11-25';

/**
 * The revisions a server may answer with: the latest and the older ones the official SDK
 * still speaks (@modelcontextprotocol/sdk SUPPORTED_PROTOCOL_VERSIONS; a test keeps the two
 * lists equal).
 */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly string[] = [
  LATEST_PROTOCOL_VERSION,
  '2025-06-18',
  '2025-03-26',
  '2024-11-05',
  '2024-10-07',
];

/**
 * The stateless revision (no `initialize`, no sessions, `server/discover`). This build
 * detects it and refuses to gate it, naming it, rather than failing on a missing handshake.
 */
export const STATELESS_REVISION = '2026-07-28';

export const HEADER = {
  sessionId: 'mcp-session-id',
  protocolVersion: 'mcp-protocol-version',
  /** both, always: the spec requires a client to accept either answer */
  accept: 'application/json, text/event-stream',
} as const;

export type JsonRpcId = string | number;

export interface JsonRpcError {
  code: number;
  message: string;
  data?: unknown;
}

/** A response to one of our requests: `result` or `error`, never both. */
export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: JsonRpcId; result: Record<string, unknown> }
  | { jsonrpc: '2.0'; id: JsonRpcId; error: JsonRpcError };

export interface InitializeResult {
  protocolVersion: string;
  serverInfo: { name: string; version: string; [k: string]: unknown };
  capabilities: Record<string, unknown>;
  instructions?: string;
}

export interface ToolInfo {
  name: string;
  inputSchema: Record<string, unknown>;
  description?: string;
}

export interface ToolsPage {
  tools: unknown[];
  nextCursor?: string;
}

/** A text content block's text, joined, for `expectText`. */
export interface ToolCallResult {
  isError: boolean;
  text: string;
  raw: Record<string, unknown>;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads one JSON-RPC message as a response: undefined when it is not one (a notification
 * or a request the server sends on the stream), a string naming the problem when it claims
 * to be a response but is malformed.
 */
export function readResponse(message: unknown): JsonRpcResponse | string | undefined {
  if (!isRecord(message)) return 'not a JSON object';
  if ('method' in message) return undefined;
  if (message.jsonrpc !== '2.0') return `jsonrpc is ${JSON.stringify(message.jsonrpc)}, not "2.0"`;
  const id = message.id;
  if (typeof id !== 'string' && typeof id !== 'number' && id !== null)
    return `id is ${JSON.stringify(id)}`;
  if ('error' in message) {
    const e = message.error;
    if (!isRecord(e) || typeof e.code !== 'number' || typeof e.message !== 'string')
      return 'error without a numeric code and a message';
    const error: JsonRpcError = { code: e.code, message: e.message };
    if ('data' in e) error.data = e.data;
    return { jsonrpc: '2.0', id: id ?? '', error };
  }
  if (!isRecord(message.result)) return 'neither an object result nor an error';
  if (id === null) return 'a result with id null';
  return { jsonrpc: '2.0', id, result: message.result };
}

/** Problems of an `initialize` result, empty when it is well formed and its version supported. */
export function initializeProblems(result: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const v = result.protocolVersion;
  if (typeof v !== 'string') problems.push('protocolVersion is missing');
  else if (!SUPPORTED_PROTOCOL_VERSIONS.includes(v))
    problems.push(
      `protocolVersion ${JSON.stringify(v)} is not one the gate supports (${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`,
    );
  const info = result.serverInfo;
  if (!isRecord(info)) problems.push('serverInfo is missing');
  else {
    if (typeof info.name !== 'string' || info.name === '')
      problems.push('serverInfo.name is not a non-empty string');
    if (typeof info.version !== 'string' || info.version === '')
      problems.push('serverInfo.version is not a non-empty string');
  }
  if (!isRecord(result.capabilities)) problems.push('capabilities is not an object');
  return problems;
}

/** Problems of one listed tool: a name, and an `inputSchema` that is a JSON Schema object of type object. */
export function toolProblems(tool: unknown, at: string): string[] {
  if (!isRecord(tool)) return [`${at} is not an object`];
  const problems: string[] = [];
  const name = typeof tool.name === 'string' && tool.name !== '' ? tool.name : undefined;
  const label = name ? `${at} (${name})` : at;
  if (!name) problems.push(`${at} has no name`);
  const schema = tool.inputSchema;
  if (!isRecord(schema)) problems.push(`${label}: inputSchema is not an object`);
  else if (schema.type !== 'object')
    problems.push(`${label}: inputSchema.type is ${JSON.stringify(schema.type)}, not "object"`);
  return problems;
}

export function readToolsPage(result: Record<string, unknown>): ToolsPage | string {
  if (!Array.isArray(result.tools)) return 'tools/list result has no tools array';
  const page: ToolsPage = { tools: result.tools };
  if (result.nextCursor !== undefined && result.nextCursor !== null) {
    if (typeof result.nextCursor !== 'string') return 'nextCursor is not a string';
    page.nextCursor = result.nextCursor;
  }
  return page;
}

export function readToolCall(result: Record<string, unknown>): ToolCallResult | string {
  if (!Array.isArray(result.content)) return 'tools/call result has no content array';
  const text = result.content
    .filter((c): c is Record<string, unknown> => isRecord(c) && c.type === 'text')
    .map((c) => (typeof c.text === 'string' ? c.text : ''))
    .join('\n');
  return { isError: result.isError === true, text, raw: result };
}

export interface BearerChallenge {
  /** the header names the Bearer scheme */
  bearer: boolean;
  resourceMetadata?: string;
  error?: string;
}

/**
 * `WWW-Authenticate: Bearer resource_metadata="…", error="invalid_token"` (RFC 6750,
 * RFC 9728 §5.1). Parameters are read from the Bearer challenge only.
 */
export function readBearerChallenge(header: string | string[] | undefined): BearerChallenge {
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  const at = text.search(/(^|[\s,])Bearer(\s|,|$)/i);
  if (at < 0) return { bearer: false };
  const rest = text.slice(at).replace(/^[\s,]*Bearer/i, '');
  const challenge: BearerChallenge = { bearer: true };
  const param = /\s*([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/gy;
  let m: RegExpExecArray | null;
  while ((m = param.exec(rest)) !== null) {
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    const key = m[1].toLowerCase();
    if (key === 'resource_metadata') challenge.resourceMetadata = value;
    else if (key === 'error') challenge.error = value;
    if (m[0] === '') break;
  }
  return challenge;
}

/**
 * Where RFC 9728 §3.1 puts a resource's metadata when the challenge names none: the
 * well-known path with the resource's path appended, then the bare one.
 */
export function wellKnownMetadataUrls(endpoint: string): string[] {
  const url = new URL(endpoint);
  const path = url.pathname.replace(/\/$/, '');
  const urls = [`${url.origin}/.well-known/oauth-protected-resource${path}`];
  if (path !== '') urls.push(`${url.origin}/.well-known/oauth-protected-resource`);
  return urls;
}

/** Problems of a protected-resource metadata document (RFC 9728 §2: `resource` is required). */
export function resourceMetadataProblems(doc: unknown): string[] {
  if (!isRecord(doc)) return ['the metadata is not a JSON object'];
  const problems: string[] = [];
  if (typeof doc.resource !== 'string' || doc.resource === '')
    problems.push('the metadata has no resource');
  if (doc.authorization_servers !== undefined && !Array.isArray(doc.authorization_servers))
    problems.push('authorization_servers is not an array');
  return problems;
}
