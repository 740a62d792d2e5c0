/**
 * The reference AG-UI service on loopback: `POST <agentPath>` takes a RunAgentInput and
 * answers a `text/event-stream` of AG-UI 1.0 events, tokens verified with jose as a deployed
 * service does it (sim/auth.ts), `GET /health` reports the version. Faults by name change
 * what a run sends (faults.ts); healthy variants send what a client must also accept:
 * keep-alive comments, CRLF line ends, writes split inside multi-byte characters, chunk
 * events, unknown event types. Every socket and timer is released by `close()`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { bearerToken, createVerifier } from '../auth.js';
import { parseFaults } from '../faults.js';
import { DEFAULT_SIM_SECRET, resolveOptions } from '../options.js';
import { SimUsageError } from '../usage-error.js';
import { parseAgUiFaults, type AgUiFaults } from './faults.js';
import { runScript, type AgUiVariant } from './script.js';

export interface AgUiSimVariant extends AgUiVariant {
  /** a `: keep-alive` comment before every event */
  keepAlive: boolean;
  /** CRLF line ends instead of LF */
  crlf: boolean;
  /** each event written in 3-byte pieces, a few ms apart, cutting through multi-byte characters */
  splitWrites: boolean;
}

export interface AgUiSimInit {
  port?: number;
  host?: string;
  /** the build `/health` reports */
  version?: string;
  jwtSecret?: string;
  issuer?: string;
  faults?: string[];
  /** pause between two events (default 20) */
  eventSpacingMs?: number;
  /** added before the first text delta (default 0) */
  firstTokenDelayMs?: number;
  /** the POST endpoint (default `/agent`) */
  agentPath?: string;
  variant?: Partial<AgUiSimVariant>;
}

export interface AgUiSimHandle {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** `<baseUrl>/agent` */
  agentUrl: string;
  port: number;
  /** runs started so far */
  runs(): number;
  close(): Promise<void>;
}

export const DEFAULT_AG_UI_VARIANT: AgUiSimVariant = {
  chunks: false,
  unknownEvents: false,
  keepAlive: false,
  crlf: false,
  splitWrites: false,
};

/** Largest RunAgentInput read; more is refused with 413. */
const MAX_BODY_BYTES = 1024 * 1024;
/** A buffered run takes at least this long before its one burst, as a real model would. */
const BUFFERED_RUN_MS = 400;

interface Sim {
  faults: AgUiFaults;
  variant: AgUiSimVariant;
  spacing: number;
  firstTokenDelayMs: number;
  verify: ReturnType<typeof createVerifier>;
  version: string;
  agentPath: string;
  /** the ids of the run before, for `crossed-runs` */
  previous: { threadId: string; runId: string };
  runs: number;
  timers: Set<NodeJS.Timeout>;
  closing: boolean;
}

export async function startAgUiSim(init: AgUiSimInit = {}): Promise<AgUiSimHandle> {
  const faults = parseAgUiFaults(init.faults ?? []);
  const agentPath = init.agentPath ?? '/agent';
  if (!agentPath.startsWith('/')) throw new SimUsageError("agentPath: must start with '/'");
  const options = resolveOptions({
    jwtSecret: init.jwtSecret ?? DEFAULT_SIM_SECRET,
    ...(init.issuer !== undefined ? { issuer: init.issuer } : {}),
    ...(init.eventSpacingMs !== undefined ? { eventSpacingMs: init.eventSpacingMs } : {}),
  });
  const authFaults = ['jwt-mismatch', 'auth-not-enforced'].filter((f) =>
    faults.names.has(f as 'jwt-mismatch'),
  );
  const sim: Sim = {
    faults,
    variant: { ...DEFAULT_AG_UI_VARIANT, ...init.variant },
    spacing: options.eventSpacingMs,
    firstTokenDelayMs: Math.max(0, init.firstTokenDelayMs ?? 0),
    verify: createVerifier(options, parseFaults(authFaults)),
    version: init.version ?? 'sim-1.0.0',
    agentPath,
    previous: { threadId: 'sim-thread-0', runId: 'sim-run-0' },
    runs: 0,
    timers: new Set(),
    closing: false,
  };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(sim, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(init.port ?? 0, init.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const host = init.host ?? '127.0.0.1';
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    baseUrl,
    agentUrl: `${baseUrl}${agentPath}`,
    port,
    runs: () => sim.runs,
    close: async () => {
      sim.closing = true;
      for (const t of sim.timers) clearTimeout(t);
      sim.timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function handle(sim: Sim, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://sim').pathname;
  if (sim.faults.names.has('startup-503')) {
    json(res, 503, { status: 'unhealthy', startup_in_progress: true });
    return;
  }
  if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    json(res, 200, { status: 'healthy', version: sim.version });
    return;
  }
  if (path !== sim.agentPath) {
    json(res, 404, { error: 'not found', path });
    return;
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { allow: 'POST, OPTIONS' }).end();
    return;
  }
  if (req.method !== 'POST') {
    json(res, 405, { error: 'use POST with a RunAgentInput' }, { allow: 'POST, OPTIONS' });
    return;
  }
  const auth = await sim.verify(bearerToken(req));
  if (!auth.ok) {
    json(res, 401, { error: auth.message, code: auth.code }, { 'www-authenticate': 'Bearer' });
    return;
  }
  const body = await readBody(req);
  if (body === undefined) {
    json(res, 413, { error: `RunAgentInput over ${MAX_BODY_BYTES} bytes` });
    return;
  }
  const input = readInput(body);
  if (!input.ok) {
    if (sim.faults.names.has('malformed-input-500')) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
    } else {
      json(res, 400, { error: 'invalid RunAgentInput', details: input.problem });
    }
    return;
  }
  sim.runs += 1;
  const own = { threadId: input.threadId, runId: input.runId };
  const echo = sim.faults.names.has('crossed-runs') ? sim.previous : own;
  sim.previous = own;
  let n = 0;
  const steps = runScript({
    ...own,
    prompt: input.prompt,
    echo,
    eventSpacingMs: sim.spacing,
    firstTokenDelayMs: sim.firstTokenDelayMs,
    faults: sim.faults,
    variant: sim.variant,
    id: (prefix) => `${prefix}-${++n}-${randomUUID().slice(0, 8)}`,
  });

  if (sim.faults.names.has('wrong-content-type')) {
    json(
      res,
      200,
      steps.map((s) => s.event),
    );
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  await stream(sim, res, steps);
}

/** Writes the steps at their pace (or, buffered, all at once at the end) and ends the body. */
async function stream(
  sim: Sim,
  res: ServerResponse,
  steps: { delayMs: number; event: Record<string, unknown> }[],
): Promise<void> {
  const eol = sim.variant.crlf ? '\r\n' : '\n';
  const frame = (event: Record<string, unknown>): string =>
    `${sim.variant.keepAlive ? `: keep-alive${eol}${eol}` : ''}data: ${JSON.stringify(event)}${eol}${eol}`;
  let gone = false;
  res.on('close', () => (gone = true));
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        sim.timers.delete(t);
        resolve();
      }, ms);
      sim.timers.add(t);
    });
  const write = async (text: string): Promise<void> => {
    if (!sim.variant.splitWrites) {
      res.write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < bytes.length && !gone; i += 3) {
      res.write(bytes.subarray(i, i + 3));
      await sleep(1);
    }
  };

  if (sim.faults.names.has('buffered')) {
    const total = steps.reduce((sum, s) => sum + s.delayMs, 0);
    await sleep(Math.max(BUFFERED_RUN_MS, total));
    if (!gone && !sim.closing) res.end(steps.map((s) => frame(s.event)).join(''));
    return;
  }
  for (const step of steps) {
    await sleep(step.delayMs);
    if (gone || sim.closing) return;
    await write(frame(step.event));
  }
  // stall: the connection stays open until the client or close() ends it
  if (sim.faults.names.has('stall')) return;
  res.end();
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

type InputReading =
  { ok: true; threadId: string; runId: string; prompt: string } | { ok: false; problem: string };

/** What the sim needs of a RunAgentInput; anything less is a 400 naming what is wrong. */
export function readInput(body: string): InputReading {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'body is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'body is not a JSON object' };
  }
  const input = value as Record<string, unknown>;
  for (const field of ['threadId', 'runId']) {
    if (typeof input[field] !== 'string' || input[field] === '') {
      return { ok: false, problem: `"${field}" must be a non-empty string` };
    }
  }
  if (!Array.isArray(input.messages)) return { ok: false, problem: '"messages" must be an array' };
  for (const field of ['tools', 'context']) {
    if (input[field] !== undefined && !Array.isArray(input[field])) {
      return { ok: false, problem: `"${field}" must be an array` };
    }
  }
  const users = input.messages.filter(
    (m): m is { role: string; content: unknown } =>
      typeof m === 'object' && m !== null && (m as { role?: unknown }).role === 'user',
  );
  const last = users[users.length - 1];
  const prompt = typeof last?.content === 'string' ? last.content : '';
  return { ok: true, threadId: input.threadId as string, runId: input.runId as string, prompt };
}
