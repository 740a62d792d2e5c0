/**
 * The MCP reference server: Streamable HTTP (2025-11-25) on loopback with real JWT
 * verification, sessions bound to the user who opened them, Origin validation, and RFC 9728
 * protected-resource metadata; faults by name (faults.ts) and the healthy variants a gate
 * must accept (JSON answers, no sessions, paginated tools). It records every tool call it
 * receives, so a test can prove which tools the gate called.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_SIM_SECRET } from '../options.js';
import { SimUsageError } from '../usage-error.js';
import { createMcpVerifier } from './auth.js';
import { parseMcpFaults } from './faults.js';
import {
  runMethod,
  SIM_PROTOCOL_VERSIONS,
  type MethodContext,
  type ToolCallRecord,
} from './methods.js';

export type McpSimVariant = MethodContext['variant'];

export interface McpSimInit {
  port?: number;
  host?: string;
  /** what serverInfo.version reports */
  version?: string;
  jwtSecret?: string;
  issuer?: string;
  faults?: string[];
  variant?: McpSimVariant;
}

export interface McpSimHandle {
  baseUrl: string;
  /** the MCP endpoint: `<baseUrl>/mcp` */
  agentUrl: string;
  port: number;
  /** every tools/call received, in order */
  calls(): ToolCallRecord[];
  close(): Promise<void>;
}

export const MCP_PATH = '/mcp';
const METADATA_PATH = `/.well-known/oauth-protected-resource${MCP_PATH}`;
const MAX_BODY = 1024 * 1024;
const VARIANTS: readonly McpSimVariant[] = [
  'sse',
  'json',
  'stateless',
  'paginated',
  'revision-2026-07-28',
];

export async function startMcpSim(init: McpSimInit = {}): Promise<McpSimHandle> {
  const variant = init.variant ?? 'sse';
  if (!VARIANTS.includes(variant))
    throw new SimUsageError(`variant: expected one of ${VARIANTS.join(', ')}, got ${variant}`);
  const faults = parseMcpFaults(init.faults ?? []);
  const verify = createMcpVerifier(
    init.jwtSecret ?? DEFAULT_SIM_SECRET,
    init.issuer ?? 'staging-gate',
    faults,
  );
  const version = init.version ?? 'sim-1.0.0';
  const sessions = new Map<string, string>();
  const calls: ToolCallRecord[] = [];
  const stateless = variant === 'stateless' || variant === 'revision-2026-07-28';
  let baseUrl = '';

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  const challenge = (res: http.ServerResponse, reason: string): void => {
    const meta = faults.has('no-resource-metadata')
      ? ''
      : ` resource_metadata="${baseUrl}${METADATA_PATH}",`;
    res
      .writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': `Bearer${meta} error="invalid_token", error_description="${reason}"`,
      })
      .end(JSON.stringify({ error: 'unauthorized', error_description: reason }));
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    if (url.pathname === METADATA_PATH && req.method === 'GET') {
      if (faults.has('no-resource-metadata')) return void res.writeHead(404).end();
      return void json(res, 200, {
        resource: `${baseUrl}${MCP_PATH}`,
        authorization_servers: [baseUrl],
        bearer_methods_supported: ['header'],
      });
    }
    if (url.pathname !== MCP_PATH) return void res.writeHead(404).end();
    // DNS rebinding: a browser page on another origin must not reach a loopback server
    const origin = req.headers.origin;
    if (
      origin !== undefined &&
      origin !== new URL(baseUrl).origin &&
      !faults.has('origin-not-checked')
    )
      return void json(res, 403, rpcError(null, -32000, 'Forbidden: Origin not allowed'));
    const auth = await verify(req.headers.authorization);
    if (!auth.ok) return challenge(res, auth.reason);
    const sessionId = header(req, 'mcp-session-id');

    if (req.method === 'DELETE') {
      if (stateless) return void res.writeHead(405, { allow: 'POST' }).end();
      if (sessionId === undefined)
        return void json(res, 400, rpcError(null, -32000, 'Mcp-Session-Id required'));
      if (sessions.get(sessionId) !== auth.user)
        return void json(res, 404, rpcError(null, -32001, 'Session not found'));
      sessions.delete(sessionId);
      return void res.writeHead(200).end();
    }
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST, DELETE' }).end();

    const body = await readBody(req);
    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch {
      return void json(res, 400, rpcError(null, -32700, 'Parse error'));
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message))
      return void json(res, 400, rpcError(null, -32600, 'Invalid Request'));
    const msg = message as { id?: string | number; method?: unknown; params?: unknown };
    const method = typeof msg.method === 'string' ? msg.method : '';
    const isRequest = msg.id !== undefined && method !== '';

    let newSession: string | undefined;
    if (method === 'initialize' || stateless) {
      if (method === 'initialize' && !stateless) newSession = randomUUID();
    } else if (!faults.has('session-not-checked')) {
      if (sessionId === undefined)
        return void json(
          res,
          400,
          rpcError(msg.id ?? null, -32000, 'Bad Request: Mcp-Session-Id required'),
        );
      const owner = sessions.get(sessionId);
      if (owner === undefined)
        return void json(res, 404, rpcError(msg.id ?? null, -32001, 'Session not found'));
      if (owner !== auth.user && !faults.has('session-shared'))
        return void json(
          res,
          403,
          rpcError(msg.id ?? null, -32000, 'Session belongs to another user'),
        );
    }
    const asked = header(req, 'mcp-protocol-version');
    if (
      method !== 'initialize' &&
      asked !== undefined &&
      !SIM_PROTOCOL_VERSIONS.includes(asked) &&
      variant !== 'revision-2026-07-28'
    )
      return void json(
        res,
        400,
        rpcError(msg.id ?? null, -32000, `Unsupported MCP-Protocol-Version: ${asked}`),
      );

    if (!isRequest) return void res.writeHead(202).end();
    const outcome = await runMethod(method, msg.params, {
      faults,
      version,
      variant,
      user: auth.user,
      record: (call) => calls.push(call),
    });
    if ('crash' in outcome)
      return void json(res, 500, rpcError(msg.id, -32603, `Internal error: ${outcome.crash}`));
    if (newSession !== undefined && 'result' in outcome) sessions.set(newSession, auth.user);
    const reply = { jsonrpc: '2.0', id: msg.id, ...outcome };
    const headers: Record<string, string> =
      newSession && 'result' in outcome ? { 'mcp-session-id': newSession } : {};
    if (variant === 'json' || variant === 'stateless' || variant === 'revision-2026-07-28')
      return void json(res, 200, reply, headers);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      ...headers,
    });
    // a log notification before the response, as servers do on a request's stream
    if (method === 'tools/call')
      res.write(
        `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'calling tool' } })}\n\n`,
      );
    res.end(`event: message\ndata: ${JSON.stringify(reply)}\n\n`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(init.port ?? 0, init.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = init.host ?? '127.0.0.1';
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    baseUrl,
    agentUrl: `${baseUrl}${MCP_PATH}`,
    port,
    calls: () => calls.map((c) => ({ ...c, arguments: { ...c.arguments } })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function rpcError(id: unknown, code: number, message: string): Record<string, unknown> {
  return { jsonrpc: '2.0', id: id ?? null, error: { code, message } };
}

function json(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.destroy();
        reject(new Error('body too large'));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
