/**
 * A stateful loopback stand-in of the GitHub REST API, shaped after GitHub's documented
 * responses, for the parts staging-gate uses: issue comments (paginated with `Link`, oldest
 * first), commit → pull requests, commit statuses, GraphQL `viewer { login }` and `GET /user`.
 * Faults are real HTTP answers: read-only tokens, 5xx, primary and secondary rate limits.
 *
 * Paths are also served under `/api/v3` (and GraphQL under `/api/graphql`) so a test can point
 * the client at it the way a GitHub Enterprise Server is addressed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Answer } from './github-standin-answers.js';
import { answer, type Ctx } from './github-standin-routes.js';
import {
  defaultAccounts,
  StandinState,
  type StandinAccount,
  type StandinPull,
} from './github-standin-state.js';

export * from './github-standin-state.js';

export interface GithubStandinOptions {
  owner?: string;
  repo?: string;
  /** token → account; defaults to `defaultAccounts()` */
  accounts?: Record<string, StandinAccount>;
  pulls?: StandinPull[];
  issues?: number[];
  serverUrl?: string;
  now?: () => Date;
}

export interface RecordedRequest {
  method: string;
  /** path without the query and without an `/api/v3` prefix */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** the request target as sent, `/api/v3` prefix and query included */
  url: string;
  /** the account the token maps to, if any (the token itself is not recorded) */
  login?: string;
}

export interface GithubStandin {
  url: string;
  state: StandinState;
  requests: RecordedRequest[];
  /**
   * Holds the next `count` requests that match until all `count` have arrived, then answers
   * them together: makes a race between two clients happen every time, not by luck.
   * Held requests are released after `timeoutMs` regardless, so a test cannot hang.
   */
  barrier(
    match: (method: string, path: string) => boolean,
    count: number,
    timeoutMs?: number,
  ): void;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 1024 * 1024;

export async function startGithubStandin(
  options: GithubStandinOptions = {},
): Promise<GithubStandin> {
  const state = new StandinState({
    owner: options.owner ?? 'acme',
    repo: options.repo ?? 'web',
    accounts: options.accounts ?? defaultAccounts(),
    pulls: options.pulls ?? [{ number: 7, state: 'open', headSha: 'a'.repeat(40) }],
    issues: options.issues ?? [],
    now: options.now ?? (() => new Date()),
  });
  const serverUrl = options.serverUrl ?? 'https://github.com';
  const requests: RecordedRequest[] = [];
  const barriers: Barrier[] = [];

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      send(res, { status: 500, body: { message: `stand-in bug: ${String(err)}` } }, state);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin.invalid');
    const path = url.pathname
      .replace(/^\/api\/v3(?=\/)/, '')
      .replace(/^\/api\/graphql$/, '/graphql');
    const raw = await readBody(req);
    if (raw === undefined) {
      send(res, { status: 413, body: { message: 'Payload too large' } }, state);
      return;
    }
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
    } catch {
      send(res, { status: 400, body: { message: 'Problems parsing JSON' } }, state);
      return;
    }
    const account = accountFor(req.headers.authorization, state.accounts);
    const method = req.method ?? 'GET';
    requests.push({
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      url: req.url ?? '/',
      login: account?.login,
    });
    await passBarriers(barriers, method, path);
    const ctx: Ctx = {
      method,
      path,
      query: url.searchParams,
      body,
      account,
      host: req.headers.host ?? '',
    };
    send(res, answer(ctx, state, serverUrl), state);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    barrier: (match, count, timeoutMs = 5000) => barriers.push(newBarrier(match, count, timeoutMs)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

interface Barrier {
  match: (method: string, path: string) => boolean;
  remaining: number;
  released: Promise<void>;
  release: () => void;
}

function newBarrier(match: Barrier['match'], count: number, timeoutMs: number): Barrier {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    release = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { match, remaining: count, released, release };
}

async function passBarriers(barriers: Barrier[], method: string, path: string): Promise<void> {
  const barrier = barriers.find((b) => b.remaining > 0 && b.match(method, path));
  if (!barrier) return;
  barrier.remaining -= 1;
  if (barrier.remaining === 0) barrier.release();
  await barrier.released;
}

function accountFor(
  header: string | undefined,
  accounts: Record<string, StandinAccount>,
): StandinAccount | undefined {
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
  return m ? accounts[m[1]] : undefined;
}

function send(res: ServerResponse, a: Answer, state: StandinState): void {
  const headers: Record<string, string> = {
    'x-github-request-id': `STANDIN:${Math.random().toString(16).slice(2, 10)}`,
    'x-ratelimit-limit': '1000',
    'x-ratelimit-remaining': '999',
    'x-ratelimit-reset': String(state.nowEpochSec() + 3600),
    ...a.headers,
  };
  if (a.body === undefined) {
    res.writeHead(a.status, headers).end();
    return;
  }
  res
    .writeHead(a.status, { ...headers, 'content-type': 'application/json; charset=utf-8' })
    .end(JSON.stringify(a.body));
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
