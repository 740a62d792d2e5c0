/**
 * A minimal client for the sim tests, written against PROTOCOL.md alone: it must not share
 * code with src/client or src/suite, so that a bug there cannot hide a bug in the sim.
 */
import { SignJWT } from 'jose';
import { WebSocket, type ClientOptions } from 'ws';

export const SECRET = 'sim-test-secret-of-at-least-32-bytes-long!';
export const user = (n: number) => `staging-e2e-user-${String(n).padStart(3, '0')}`;

export interface TokenSpec {
  sub?: string;
  secret?: string;
  issuer?: string;
  audience?: string;
  /** seconds from now; negative = already expired */
  expiresIn?: number;
  claims?: Record<string, unknown>;
}

export async function mintToken(spec: TokenSpec = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const sub = spec.sub ?? user(1);
  const jwt = new SignJWT({
    email: `${sub}@e2e.invalid`,
    permissions: ['read', 'write', 'agents:run'],
    type: 'access',
    ...spec.claims,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (spec.expiresIn ?? 600))
    .setJti(`jti-${Math.random().toString(36).slice(2)}`)
    .setIssuer(spec.issuer ?? 'staging-gate');
  if (spec.audience) jwt.setAudience(spec.audience);
  return jwt.sign(new TextEncoder().encode(spec.secret ?? SECRET));
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** the parsed body, or undefined when it is not JSON */
  json: Record<string, unknown> | undefined;
}

export async function http(
  baseUrl: string,
  path: string,
  init: {
    method?: string;
    token?: string;
    body?: unknown;
    rawBody?: string;
    timeoutMs?: number;
  } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.rawBody !== undefined)
    headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.rawBody ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    redirect: 'manual',
    signal: AbortSignal.timeout(init.timeoutMs ?? 5_000),
  });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export type Received =
  | { kind: 'json'; frame: Record<string, unknown> }
  | { kind: 'text'; text: string; bytes: number }
  | { kind: 'binary'; bytes: number };

export interface Closed {
  code: number;
  reason: string;
}

/** One WebSocket, recording everything it receives and how it ended. */
export class Probe {
  readonly received: Received[] = [];
  readonly closed: Promise<Closed>;
  /** the HTTP status when the upgrade was refused */
  upgradeStatus: number | undefined;
  upgradeBody = '';
  error: Error | undefined;
  /** an error of the TCP socket under the WebSocket (ws reports a reset only as 1006) */
  socketError: string | undefined;
  private waiters = new Set<() => void>();

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      if (isBinary) this.received.push({ kind: 'binary', bytes: buf.length });
      else {
        const text = buf.toString('utf8');
        try {
          this.received.push({ kind: 'json', frame: JSON.parse(text) as Record<string, unknown> });
        } catch {
          this.received.push({ kind: 'text', text: text.slice(0, 200), bytes: buf.length });
        }
      }
      this.wake();
    });
    ws.on('unexpected-response', (_req, res) => {
      this.upgradeStatus = res.statusCode;
      res.on('data', (chunk: Buffer) => (this.upgradeBody += chunk.toString('utf8')));
      res.on('end', () => {
        this.wake();
        ws.terminate();
      });
    });
    ws.on('upgrade', (res) => {
      res.socket.on(
        'error',
        (err: NodeJS.ErrnoException) => (this.socketError = err.code ?? err.message),
      );
    });
    ws.on('error', (err) => {
      this.error = err;
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString('utf8') });
        this.wake();
      }),
    );
  }

  get frames(): Record<string, unknown>[] {
    return this.received.flatMap((r) => (r.kind === 'json' ? [r.frame] : []));
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (at or after index `from`) that matches; rejects after `timeoutMs`. */
  async waitFor(
    match: (frame: Record<string, unknown>) => boolean,
    timeoutMs = 3_000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (this.ws.readyState === WebSocket.CLOSED)
        throw new Error('socket closed before the frame');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Events of one run, up to and including agent_completed or agent_error. */
  async runEvents(runId: string, timeoutMs = 3_000): Promise<Record<string, unknown>[]> {
    await this.waitFor(
      (f) => f.run_id === runId && (f.type === 'agent_completed' || f.type === 'agent_error'),
      timeoutMs,
    );
    return this.frames.filter((f) => f.run_id === runId);
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}

const open: Probe[] = [];

export interface OpenSpec {
  token?: string;
  transport?: 'header' | 'subprotocol' | 'query';
  protocols?: string[];
  path?: string;
  options?: ClientOptions;
}

/** Opens a socket (not waiting for anything); closed by `closeProbes`. */
export function openProbe(wsUrl: string, spec: OpenSpec = {}): Probe {
  const url = new URL(wsUrl);
  if (spec.path) url.pathname = spec.path;
  const protocols = [...(spec.protocols ?? [])];
  const headers: Record<string, string> = {};
  const transport = spec.transport ?? 'header';
  if (spec.token && transport === 'header') headers.authorization = `Bearer ${spec.token}`;
  if (spec.token && transport === 'query') url.searchParams.set('token', spec.token);
  if (spec.token && transport === 'subprotocol') {
    protocols.unshift(`jwt.${Buffer.from(spec.token).toString('base64url')}`);
  }
  const ws = new WebSocket(url, protocols, { headers, ...spec.options });
  const probe = new Probe(ws);
  open.push(probe);
  return probe;
}

/** Opens a socket and waits for the welcome frame. */
export async function connect(wsUrl: string, spec: OpenSpec = {}): Promise<Probe> {
  const probe = openProbe(wsUrl, spec);
  await probe.waitFor(
    (f) =>
      f.type === 'connection_established' ||
      (f.type === 'system_message' &&
        (f.data as { event?: string } | undefined)?.event === 'connection_established'),
  );
  return probe;
}

export function closeProbes(): void {
  for (const probe of open.splice(0)) probe.ws.terminate();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
