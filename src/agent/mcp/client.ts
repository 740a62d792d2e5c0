/**
 * An MCP Streamable HTTP client judged on the wire: every JSON-RPC message is one POST to
 * the endpoint with `Accept: application/json, text/event-stream`, answered with one JSON
 * body or an SSE stream that carries the response (and perhaps notifications before it);
 * `Mcp-Session-Id` and `MCP-Protocol-Version` ride on every request after `initialize`.
 * Malformed answers are `protocol_violation` with the facts; unexpected statuses are left
 * to the classifier by their status. It knows nothing of tests: which tool may be called
 * is the suite's business.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { EvidenceSink } from '../../transport/evidence.js';
import { timeoutError } from '../../transport/transport-error.js';
import { GateError } from '../../model.js';
import { openStream, type StreamResponse } from '../../transport/sse.js';
import {
  HEADER,
  LATEST_PROTOCOL_VERSION,
  STATELESS_REVISION,
  initializeProblems,
  readResponse,
  readToolCall,
  readToolsPage,
  type InitializeResult,
  type JsonRpcResponse,
  type ToolCallResult,
} from './wire.js';

export interface McpClientOptions {
  /** the MCP endpoint, absolute */
  url: string;
  timeoutMs: number;
  signal?: AbortSignal;
  evidence?: EvidenceSink;
  secrets?: readonly string[];
  /** every answered JSON-RPC request: method and ms from sending to its response */
  onRoundTrip?: (method: string, ms: number) => void;
}

export interface ExchangeOptions {
  /** bearer token; undefined = none */
  token?: string;
  sessionId?: string;
  /** the `MCP-Protocol-Version` header; left out of `initialize` */
  protocolVersion?: string;
  origin?: string;
  label?: string;
}

export interface RpcAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  contentType: string;
  /** the response to the request, when the body carried one */
  response?: JsonRpcResponse;
  /** the body as text when it was not an event stream (bounded) */
  body: string;
  /** ms from sending to the response (or the end of the body) */
  ms: number;
  /** `Mcp-Session-Id` of the answer */
  sessionId?: string;
}

export interface McpClient {
  readonly url: string;
  request(method: string, params: unknown, opts?: ExchangeOptions): Promise<RpcAnswer>;
  notify(method: string, params: unknown, opts?: ExchangeOptions): Promise<RpcAnswer>;
  /** DELETE the endpoint with the session id: the spec's way to end a session */
  terminate(opts: ExchangeOptions): Promise<RpcAnswer>;
  /** GET any URL as JSON (protected-resource metadata) */
  getJson(url: string, opts?: ExchangeOptions): Promise<{ status: number; body: unknown }>;
}

export const CLIENT_INFO = { name: 'staging-gate', version: '1' } as const;

export function createMcpClient(options: McpClientOptions): McpClient {
  let nextId = 0;
  const headersOf = (opts: ExchangeOptions, accept: string = HEADER.accept) => {
    const headers: Record<string, string> = { accept };
    if (opts.sessionId !== undefined) headers[HEADER.sessionId] = opts.sessionId;
    if (opts.protocolVersion !== undefined) headers[HEADER.protocolVersion] = opts.protocolVersion;
    if (opts.origin !== undefined) headers.origin = opts.origin;
    return headers;
  };
  const open = (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    opts: ExchangeOptions,
    body?: unknown,
    accept?: string,
  ): Promise<StreamResponse> =>
    openStream({
      url,
      method,
      headers: headersOf(opts, accept),
      timeoutMs: options.timeoutMs,
      ...(opts.token !== undefined ? { token: opts.token } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.evidence ? { evidence: options.evidence } : {}),
      ...(options.secrets ? { secrets: options.secrets } : {}),
      ...(opts.label ? { label: opts.label } : {}),
    });

  const exchange = async (
    message: { id?: number; method: string },
    opts: ExchangeOptions,
  ): Promise<RpcAnswer> => {
    const res = await open('POST', options.url, opts, { jsonrpc: '2.0', ...message });
    const answer: RpcAnswer = {
      status: res.status,
      headers: res.headers,
      contentType: res.contentType,
      body: '',
      ms: res.headAtMs,
    };
    const session = res.headers[HEADER.sessionId];
    if (typeof session === 'string' && session !== '') answer.sessionId = session;
    const target = `POST ${new URL(options.url).pathname} ${message.method}`;
    if (message.id !== undefined && res.status >= 200 && res.status < 300 && res.isEventStream) {
      answer.response = await responseFromStream(res, message.id, target, options.timeoutMs);
      answer.ms = res.elapsed();
    } else {
      if (res.isEventStream) res.close();
      else {
        answer.body = await res.text(options.timeoutMs);
        answer.ms = res.elapsed();
        const response =
          message.id !== undefined && answer.body.trim() !== ''
            ? responseFromJson(answer, message.id, target)
            : undefined;
        if (response) answer.response = response;
      }
    }
    if (answer.response && message.id !== undefined && res.status === 200)
      options.onRoundTrip?.(message.method, answer.ms);
    return answer;
  };

  return {
    url: options.url,
    request: (method, params, opts = {}) =>
      exchange({ id: ++nextId, method, ...(params !== undefined ? { params } : {}) }, opts),
    notify: (method, params, opts = {}) =>
      exchange({ method, ...(params !== undefined ? { params } : {}) }, opts),
    async terminate(opts) {
      const res = await open('DELETE', options.url, opts);
      const body = res.isEventStream ? (res.close(), '') : await res.text(options.timeoutMs);
      return {
        status: res.status,
        headers: res.headers,
        contentType: res.contentType,
        body,
        ms: res.elapsed(),
      };
    },
    async getJson(url, opts = {}) {
      const res = await open('GET', url, opts, undefined, 'application/json');
      if (res.isEventStream) {
        res.close();
        return { status: res.status, body: undefined };
      }
      const text = await res.text(options.timeoutMs);
      try {
        return { status: res.status, body: JSON.parse(text) as unknown };
      } catch {
        return { status: res.status, body: undefined };
      }
    },
  };
}

/**
 * Reads events until the response to `id`; notifications and server requests sent before
 * it are skipped (the spec allows them on the request's stream). The stream is closed once
 * the response came: a server may keep it open, and nothing after it is ours.
 */
async function responseFromStream(
  res: StreamResponse,
  id: number,
  target: string,
  timeoutMs: number,
): Promise<JsonRpcResponse> {
  const facts = (): GateError['facts'] => ({
    kind: 'protocol',
    httpStatus: res.status,
    elapsedMs: res.elapsed(),
  });
  try {
    for (;;) {
      const remaining = Math.max(1, timeoutMs - res.elapsed());
      const item = await res.next(remaining);
      if (item.type === 'timeout') throw timeoutError(target, 'response', item.atMs);
      if (item.type === 'error') throw item.error;
      if (item.type === 'end')
        throw new GateError(
          `${target}: the event stream ended without a response to request ${id}`,
          { ...facts(), stage: 'completion' },
          'protocol_violation',
        );
      if (item.event.data.trim() === '') continue; // priming event (resumability), no message
      let message: unknown;
      try {
        message = JSON.parse(item.event.data);
      } catch {
        throw new GateError(
          `${target}: an SSE event is not JSON: ${item.event.data.slice(0, 80)}`,
          facts(),
          'protocol_violation',
        );
      }
      const response = readResponse(message);
      if (response === undefined) continue;
      if (typeof response === 'string')
        throw new GateError(
          `${target}: a malformed JSON-RPC response on the stream: ${response}`,
          facts(),
          'protocol_violation',
        );
      if (response.id !== id) continue;
      return response;
    }
  } finally {
    res.close();
  }
}

/** The response to `id` in a JSON body; a non-200 body need not carry one. */
function responseFromJson(
  answer: RpcAnswer,
  id: number,
  target: string,
): JsonRpcResponse | undefined {
  const facts = { kind: 'protocol' as const, httpStatus: answer.status, elapsedMs: answer.ms };
  let message: unknown;
  try {
    message = JSON.parse(answer.body);
  } catch {
    if (answer.status !== 200) return undefined;
    throw new GateError(
      `${target} → ${answer.status}: the body is not JSON (${answer.contentType || 'no content type'}): ${answer.body.slice(0, 80)}`,
      facts,
      'protocol_violation',
    );
  }
  const candidates = Array.isArray(message) ? message : [message];
  for (const candidate of candidates) {
    const response = readResponse(candidate);
    if (typeof response === 'string') {
      if (answer.status !== 200) continue;
      throw new GateError(
        `${target} → ${answer.status}: a malformed JSON-RPC response: ${response}`,
        facts,
        'protocol_violation',
      );
    }
    // an error answer to an unparseable request may carry id null (JSON-RPC 2.0, section 5)
    if (response && (response.id === id || ('error' in response && response.id === '')))
      return response;
  }
  if (answer.status !== 200) return undefined;
  throw new GateError(
    `${target} → ${answer.status}: no JSON-RPC response to request ${id} in the body`,
    facts,
    'protocol_violation',
  );
}

/** A session after a successful handshake: what every later request carries. */
export interface McpSession {
  sessionId?: string;
  protocolVersion: string;
  init: InitializeResult;
  token?: string;
  /** this session's headers, with overrides (another token, another session id) */
  options(overrides?: ExchangeOptions): ExchangeOptions;
}

/** `http_error`, `not_found`, `auth_rejected` … as the classifier reads the status. */
export function statusError(what: string, answer: RpcAnswer): GateError {
  const detail =
    answer.response && 'error' in answer.response
      ? answer.response.error.message
      : answer.body.slice(0, 120);
  return new GateError(`${what} → HTTP ${answer.status}${detail ? `: ${detail}` : ''}`, {
    kind: 'status',
    httpStatus: answer.status,
    elapsedMs: answer.ms,
  });
}

/** The result of a request that must succeed: HTTP 200 and a JSON-RPC result. */
export function resultOf(what: string, answer: RpcAnswer): Record<string, unknown> {
  if (answer.status !== 200) throw statusError(what, answer);
  const response = answer.response;
  if (!response)
    throw new GateError(
      `${what} → 200 without a JSON-RPC response`,
      {
        kind: 'protocol',
        httpStatus: 200,
      },
      'protocol_violation',
    );
  if ('error' in response)
    throw new GateError(
      `${what}: JSON-RPC error ${response.error.code} ${response.error.message}`,
      { kind: 'protocol', httpStatus: 200, elapsedMs: answer.ms },
      'protocol_violation',
    );
  return response.result;
}

/**
 * `initialize` then `notifications/initialized` (202): the lifecycle of 2025-11-25. A
 * server that refuses `initialize` but answers `server/discover` speaks the stateless
 * revision 2026-07-28, which this build refuses by name.
 */
export async function openSession(
  client: McpClient,
  opts: ExchangeOptions = {},
): Promise<McpSession> {
  const answer = await client.request(
    'initialize',
    { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO },
    opts,
  );
  const refusedInitialize =
    (answer.status === 200 && answer.response && 'error' in answer.response) ||
    answer.status === 400 ||
    answer.status === 404 ||
    answer.status === 405;
  if (refusedInitialize && (await speaksStatelessRevision(client, opts)))
    throw statelessRevisionError(client.url);
  const result = resultOf('initialize', answer);
  if (result.protocolVersion === STATELESS_REVISION) throw statelessRevisionError(client.url);
  const problems = initializeProblems(result);
  if (problems.length > 0)
    throw new GateError(
      `initialize answered a result the gate cannot use: ${problems.join('; ')}`,
      { kind: 'protocol', httpStatus: answer.status, elapsedMs: answer.ms },
      'protocol_violation',
    );
  const init = result as unknown as InitializeResult;
  const session: McpSession = {
    protocolVersion: init.protocolVersion,
    init,
    options: (overrides = {}) => ({
      ...opts,
      protocolVersion: init.protocolVersion,
      ...(answer.sessionId !== undefined ? { sessionId: answer.sessionId } : {}),
      ...overrides,
    }),
  };
  if (answer.sessionId !== undefined) session.sessionId = answer.sessionId;
  if (opts.token !== undefined) session.token = opts.token;
  const initialized = await client.notify(
    'notifications/initialized',
    undefined,
    session.options(),
  );
  if (initialized.status !== 202) {
    if (initialized.status >= 400 && initialized.status !== 400 && initialized.status !== 405)
      throw statusError('notifications/initialized', initialized);
    throw new GateError(
      `notifications/initialized → HTTP ${initialized.status}: a notification the server accepts is answered 202 Accepted with no body (Streamable HTTP, 2025-11-25)`,
      { kind: 'protocol', httpStatus: initialized.status, elapsedMs: initialized.ms },
      'protocol_violation',
    );
  }
  return session;
}

async function speaksStatelessRevision(client: McpClient, opts: ExchangeOptions): Promise<boolean> {
  try {
    const answer = await client.request(
      'server/discover',
      {
        _meta: {
          'io.modelcontextprotocol/protocolVersion': STATELESS_REVISION,
          'io.modelcontextprotocol/clientCapabilities': {},
          'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
        },
      },
      { ...opts, protocolVersion: STATELESS_REVISION },
    );
    return answer.status === 200 && answer.response !== undefined && 'result' in answer.response;
  } catch {
    return false;
  }
}

export function statelessRevisionError(url: string): GateError {
  return new GateError(
    `${url} speaks MCP revision ${STATELESS_REVISION} (stateless: server/discover, no initialize, no sessions): this build of staging-gate gates revision ${LATEST_PROTOCOL_VERSION} and the older ones, not ${STATELESS_REVISION} yet`,
    { kind: 'protocol' },
    'protocol_violation',
  );
}

/** Every page of `tools/list`, following `nextCursor`, at most `maxPages` pages. */
export async function listTools(
  client: McpClient,
  session: McpSession,
  maxPages = 50,
): Promise<{ tools: unknown[]; pages: number }> {
  const tools: unknown[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let pages = 1; pages <= maxPages; pages++) {
    const answer = await client.request(
      'tools/list',
      cursor !== undefined ? { cursor } : {},
      session.options(),
    );
    const page = readToolsPage(resultOf('tools/list', answer));
    if (typeof page === 'string')
      throw new GateError(`tools/list: ${page}`, { kind: 'protocol' }, 'protocol_violation');
    tools.push(...page.tools);
    if (page.nextCursor === undefined) return { tools, pages };
    if (seen.has(page.nextCursor))
      throw new GateError(
        `tools/list: nextCursor ${JSON.stringify(page.nextCursor)} came twice: the pages loop`,
        { kind: 'protocol' },
        'protocol_violation',
      );
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
  throw new GateError(
    `tools/list: still a nextCursor after ${maxPages} pages; stopped following`,
    { kind: 'protocol' },
    'protocol_violation',
  );
}

/** One `tools/call`: the answer and, when it is a result, its reading. */
export async function callTool(
  client: McpClient,
  session: McpSession,
  name: string,
  args: Record<string, unknown>,
): Promise<{ answer: RpcAnswer; result?: ToolCallResult }> {
  const answer = await client.request('tools/call', { name, arguments: args }, session.options());
  if (answer.status !== 200 || !answer.response || 'error' in answer.response) return { answer };
  const result = readToolCall(answer.response.result);
  if (typeof result === 'string')
    throw new GateError(
      `tools/call ${name}: ${result}`,
      { kind: 'protocol' },
      'protocol_violation',
    );
  return { answer, result };
}
