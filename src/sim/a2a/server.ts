/**
 * The reference A2A agent: an agent card at `/.well-known/agent-card.json` and JSON-RPC 2.0
 * over HTTP + SSE at `/a2a/v1`, speaking A2A v1.0 (or v0.3), with tokens verified by jose
 * and faults injected by name. Loopback only; a real service, not a mock: the suite talks to
 * it over the network as to any deployment.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, jwtVerify } from 'jose';
import { randomBytes } from 'node:crypto';
import { DEFAULT_SIM_SECRET } from '../options.js';
import { SimUsageError } from '../usage-error.js';
import { parseA2aFaults, type A2aActiveFaults } from './faults.js';
import {
  createTaskStore,
  taskObject,
  type SimA2aVersion,
  type SimTask,
  type TaskStore,
} from './tasks.js';

export const A2A_SIM_PATH = '/a2a/v1';
const CARD = '/.well-known/agent-card.json';
const MAX_BODY = 64 * 1024;

export interface A2aSimInit {
  port?: number;
  host?: string;
  /** the build the card reports */
  version?: string;
  jwtSecret?: string;
  issuer?: string;
  faults?: string[];
  a2aVersion?: SimA2aVersion;
  /** ms between two events of a task (default 20) */
  eventSpacingMs?: number;
}

export interface A2aSimHandle {
  baseUrl: string;
  agentUrl: string;
  port: number;
  close(): Promise<void>;
}

const METHODS = {
  '1.0': {
    send: 'SendMessage',
    stream: 'SendStreamingMessage',
    get: 'GetTask',
    cancel: 'CancelTask',
    subscribe: 'SubscribeToTask',
  },
  '0.3': {
    send: 'message/send',
    stream: 'message/stream',
    get: 'tasks/get',
    cancel: 'tasks/cancel',
    subscribe: 'tasks/resubscribe',
  },
} as const;

type Rpc = { id: string | number | null; method: string; params: unknown };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function startA2aSim(init: A2aSimInit = {}): Promise<A2aSimHandle> {
  const host = init.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host))
    throw new SimUsageError(`host: the reference agent listens on loopback only, got ${host}`);
  const version = init.version ?? 'sim-1.0.0';
  const a2aVersion = init.a2aVersion ?? '1.0';
  const faults = parseA2aFaults(init.faults ?? []);
  const spacing = init.eventSpacingMs ?? 20;
  if (!Number.isFinite(spacing) || spacing < 0)
    throw new SimUsageError(`eventSpacingMs: expected a number ≥ 0, got ${spacing}`);
  const store = createTaskStore({ version: a2aVersion, faults, eventSpacingMs: spacing });
  const secret = faults.names.has('jwt-mismatch')
    ? randomBytes(48)
    : new TextEncoder().encode(init.jwtSecret ?? DEFAULT_SIM_SECRET);
  const issuer = init.issuer ?? 'staging-gate';
  const open = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"INTERNAL","message":"internal error"}}');
    });
  });
  let baseUrl = '';

  async function userOf(req: http.IncomingMessage): Promise<string | undefined> {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (faults.names.has('auth-not-enforced')) {
      try {
        return token ? String(decodeJwt(token).sub ?? 'anonymous') : 'anonymous';
      } catch {
        return 'anonymous';
      }
    }
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, secret, {
        algorithms: ['HS256', 'HS384', 'HS512'],
        issuer,
        requiredClaims: ['sub', 'exp'],
      });
      return String(payload.sub);
    } catch {
      return undefined;
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === CARD) return serveCard(res);
    if (path !== A2A_SIM_PATH)
      return json(res, 404, { error: { code: 'NOT_FOUND', message: `no route ${path}` } });
    if (req.method !== 'POST')
      return json(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'POST only' } });
    const user = await userOf(req);
    const body = await readBody(req);
    if (!user) {
      res.setHeader('www-authenticate', 'Bearer');
      return json(res, 401, {
        error: { code: 'UNAUTHENTICATED', message: 'a valid bearer token is required' },
      });
    }
    let rpc: unknown;
    try {
      rpc = JSON.parse(body);
    } catch {
      return rpcError(res, null, -32700, 'Parse error');
    }
    if (!isRecord(rpc) || rpc.jsonrpc !== '2.0' || typeof rpc.method !== 'string' || !('id' in rpc))
      return rpcError(
        res,
        isRecord(rpc) && (typeof rpc.id === 'string' || typeof rpc.id === 'number') ? rpc.id : null,
        -32600,
        'Invalid Request',
      );
    const call: Rpc = { id: rpc.id as Rpc['id'], method: rpc.method, params: rpc.params };
    const requested = req.headers['a2a-version'];
    const supported =
      a2aVersion === '1.0' ? requested === '1.0' : requested === undefined || requested === '0.3';
    if (!supported)
      return rpcError(
        res,
        call.id,
        -32009,
        `A2A version ${String(requested ?? '(none)')} is not supported (supported: ${a2aVersion})`,
      );
    await dispatch(call, user, res);
  }

  function serveCard(res: http.ServerResponse): void {
    if (faults.names.has('card-missing'))
      return json(res, 404, { error: { code: 'NOT_FOUND', message: 'no agent card' } });
    const agentUrl = `${baseUrl}${A2A_SIM_PATH}`;
    const card: Record<string, unknown> = {
      name: 'staging-gate reference agent',
      description:
        'The reference A2A agent of staging-gate: answers every message in a few chunks.',
      version: faults.names.has('stale-card-version') ? 'sim-0.9.0-previous' : version,
      capabilities: { streaming: true, pushNotifications: false },
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      skills: [
        {
          id: 'answer',
          name: 'Answer',
          description: 'Answers a message in one sentence.',
          tags: ['chat'],
        },
      ],
    };
    if (a2aVersion === '1.0') {
      card.supportedInterfaces = [
        { url: agentUrl, protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
      ];
      card.securitySchemes = {
        bearer: { httpAuthSecurityScheme: { scheme: 'Bearer', bearerFormat: 'JWT' } },
      };
      card.securityRequirements = [{ schemes: { bearer: { list: [] } } }];
    } else {
      card.url = agentUrl;
      card.protocolVersion = '0.3.0';
      card.preferredTransport = 'JSONRPC';
      card.securitySchemes = { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } };
      card.security = [{ bearer: [] }];
    }
    if (faults.names.has('card-invalid')) {
      delete card.supportedInterfaces;
      delete card.url;
      delete card.skills;
      delete card.defaultOutputModes;
    }
    json(res, 200, card);
  }

  function rpcError(res: http.ServerResponse, id: Rpc['id'], code: number, message: string): void {
    const status =
      faults.names.has('http-500') && [-32001, -32601, -32602, -32009].includes(code) ? 500 : 200;
    json(res, status, { jsonrpc: '2.0', id, error: { code, message } });
  }

  async function dispatch(call: Rpc, user: string, res: http.ServerResponse): Promise<void> {
    const m = METHODS[a2aVersion];
    const params = call.params;
    const result = (value: unknown): void =>
      json(res, 200, { jsonrpc: '2.0', id: call.id, result: value });
    switch (call.method) {
      case m.send:
      case m.stream: {
        const prompt = messageText(params);
        if (prompt === undefined)
          return rpcError(res, call.id, -32602, 'params.message must be a user message with parts');
        const task = store.start(user, prompt);
        if (call.method === m.stream)
          return streamTask(res, call.id, task, store.firstResult(task), faults.slowStartMs);
        // SendMessage blocks until the task is terminal (or stuck: answered as it stands)
        await untilDone(task);
        const t = taskObject(a2aVersion, task);
        return result(a2aVersion === '1.0' ? { task: t } : t);
      }
      case m.get:
      case m.cancel:
      case m.subscribe: {
        const id = isRecord(params) ? params.id : undefined;
        if (typeof id !== 'string' || id === '')
          return rpcError(res, call.id, -32602, 'params.id must be a task id');
        const task = store.find(id, user);
        if (!task) {
          if (faults.names.has('made-up-task') && call.method !== m.subscribe)
            return result(store.madeUp(id, user));
          return rpcError(res, call.id, -32001, `Task not found: ${id}`);
        }
        if (call.method === m.get) return result(store.view(task));
        if (call.method === m.cancel) {
          if (!store.cancel(task))
            return rpcError(
              res,
              call.id,
              -32002,
              `Task ${id} is ${task.state} and cannot be canceled`,
            );
          return result(taskObject(a2aVersion, task, { state: 'canceled', chunks: task.chunks }));
        }
        return streamTask(res, call.id, task, store.snapshot(task));
      }
      default:
        return rpcError(res, call.id, -32601, `Method not found: ${call.method}`);
    }
  }

  function untilDone(task: SimTask): Promise<void> {
    return new Promise((resolve) => {
      if (store.isTerminal(task)) return resolve();
      task.listeners.add(function done(_r, terminal) {
        if (!terminal) return;
        task.listeners.delete(done);
        resolve();
      });
    });
  }

  function streamTask(
    res: http.ServerResponse,
    id: Rpc['id'],
    task: SimTask,
    first: unknown,
    startDelayMs = 0,
  ): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    open.add(res);
    // buffered: everything held to the end; slow-start: held until the start delay is over
    const buffered = faults.names.has('buffered');
    let holding = buffered || startDelayMs > 0;
    const held: string[] = [];
    const write = (result: unknown): void => {
      const frame = `data: ${JSON.stringify({ jsonrpc: '2.0', id, result })}\n\n`;
      if (holding) held.push(frame);
      else res.write(frame);
    };
    let ended = false;
    const end = (): void => {
      task.listeners.delete(listener);
      ended = true;
      if (holding && !buffered) return; // flushed and ended when the start delay is over
      if (held.length) res.write(held.splice(0).join(''));
      res.end();
      open.delete(res);
    };
    if (startDelayMs > 0 && !buffered) {
      const timer = setTimeout(() => {
        holding = false;
        if (held.length) res.write(held.splice(0).join(''));
        if (ended) {
          res.end();
          open.delete(res);
        }
      }, startDelayMs);
      res.on('close', () => clearTimeout(timer));
    }
    write(first);
    if (store.isTerminal(task)) return end();
    // a listener gets `undefined` when the task is done (or stuck) and the stream must end
    const listener = (result: unknown): void => {
      if (result === undefined) {
        // let events written right after the terminal one (events-after-terminal) go first
        setImmediate(end);
        return;
      }
      write(result);
    };
    task.listeners.add(listener);
    res.on('close', () => {
      task.listeners.delete(listener);
      open.delete(res);
    });
  }

  function messageText(params: unknown): string | undefined {
    if (!isRecord(params) || !isRecord(params.message)) return undefined;
    const msg = params.message;
    const userRole = a2aVersion === '1.0' ? 'ROLE_USER' : 'user';
    if (
      msg.role !== userRole ||
      typeof msg.messageId !== 'string' ||
      !Array.isArray(msg.parts) ||
      msg.parts.length === 0
    )
      return undefined;
    const texts = msg.parts.map((p) => (isRecord(p) && typeof p.text === 'string' ? p.text : ''));
    return texts.join('');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(init.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    baseUrl,
    agentUrl: `${baseUrl}${A2A_SIM_PATH}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        store.close();
        for (const r of open) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
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

export type { A2aActiveFaults, TaskStore };
