/**
 * Timed HTTP on node:http/https: one request → status, headers, parsed JSON body and the
 * round-trip time measured with `performance.now()`. Never throws on a status (the suite
 * judges statuses); throws a `GateError` with wire facts when the exchange itself fails.
 */
import http from 'node:http';
import https from 'node:https';
import { GateError } from '../model.js';
import { recordEvidence, type EvidenceSink } from '../transport/evidence.js';
import { timeoutError, transportError } from '../transport/transport-error.js';

/** Beyond this a body is a runaway, not an answer: stop reading and say so. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** How much of the body text is kept for messages and evidence. */
const MAX_TEXT_CHARS = 64 * 1024;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';

export interface HttpRequest {
  method?: HttpMethod;
  /** joined to the base URL; may carry a query string */
  path: string;
  token?: string;
  /** sent as JSON */
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface HttpResponse {
  method: HttpMethod;
  path: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  /** the parsed body when the response says it is JSON and parses; otherwise undefined */
  body: unknown;
  /** the body text, cut at 64 KiB */
  text: string;
  /** request sent → last body byte, ms */
  durationMs: number;
}

export interface HttpClientOptions {
  baseUrl: string;
  timeoutMs: number;
  evidence?: EvidenceSink;
  /** masked in evidence besides anything token-shaped */
  secrets?: readonly string[];
  /** called after every exchange that produced a status */
  onResponse?: (res: HttpResponse) => void;
  maxBodyBytes?: number;
  /** aborts every request that does not bring its own signal (the attempt's deadline) */
  signal?: AbortSignal;
}

export interface HttpClient {
  readonly baseUrl: string;
  request(req: HttpRequest): Promise<HttpResponse>;
  get(path: string, opts?: Omit<HttpRequest, 'path' | 'method'>): Promise<HttpResponse>;
  post(
    path: string,
    body: unknown,
    opts?: Omit<HttpRequest, 'path' | 'method' | 'body'>,
  ): Promise<HttpResponse>;
  /** a client with the same connection pool that reports to other sinks */
  with(overrides: Partial<Omit<HttpClientOptions, 'baseUrl'>>): HttpClient;
  /** closes pooled connections */
  close(): void;
}

/** `base` + `path`, keeping any path prefix of the base (`https://host/prefix` + `/api/x`). */
export function joinUrl(base: string, path: string): URL {
  const url = new URL(base);
  const prefix = url.pathname.replace(/\/+$/, '');
  const [pathname, query] = path.split('?', 2) as [string, string | undefined];
  url.pathname = `${prefix}/${pathname.replace(/^\/+/, '')}`;
  url.search = query !== undefined ? `?${query}` : '';
  return url;
}

function isJsonType(contentType: string | undefined): boolean {
  return contentType !== undefined && /\bapplication\/([\w.+-]+\+)?json\b/i.test(contentType);
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  // A proxy that relabels JSON as text/html is a fault the suite must see: no sniffing.
  if (!isJsonType(contentType) || raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The body parsed as JSON whatever its content type says: for what the gate must learn
 * even from a mislabelled answer (the build `/health` reports, the id of a run it started),
 * never for judging the answer, which `body` does.
 */
export function lenientJson(res: Pick<HttpResponse, 'body' | 'text'>): unknown {
  if (res.body !== undefined) return res.body;
  const text = res.text.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function createHttpClient(options: HttpClientOptions, pool?: Pool): HttpClient {
  const agents = pool ?? createPool();
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const request = (req: HttpRequest): Promise<HttpResponse> => send(options, agents, maxBody, req);
  return {
    baseUrl: options.baseUrl,
    request,
    get: (path, opts = {}) => request({ ...opts, path, method: 'GET' }),
    post: (path, body, opts = {}) => request({ ...opts, path, body, method: 'POST' }),
    with: (overrides) => createHttpClient({ ...options, ...overrides }, agents),
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

export interface Pool {
  http: http.Agent;
  https: https.Agent;
}

/** Keep-alive pools: idle sockets are unref'd by node, so they never hold the process open. */
function createPool(): Pool {
  return {
    http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };
}

function send(
  options: HttpClientOptions,
  agents: Pool,
  maxBody: number,
  req: HttpRequest,
): Promise<HttpResponse> {
  const method = req.method ?? 'GET';
  const url = joinUrl(options.baseUrl, req.path);
  const target = `${method} ${req.path}`;
  const timeoutMs = req.timeoutMs ?? options.timeoutMs;
  const signal = req.signal ?? options.signal;
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.token !== undefined) headers.authorization = `Bearer ${req.token}`;
  let payload: Buffer | undefined;
  if (req.body !== undefined) {
    payload = Buffer.from(JSON.stringify(req.body), 'utf8');
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  const secrets = options.secrets ?? [];
  const note = (text: string): void => recordEvidence(options.evidence, 'http', text, secrets);

  return new Promise<HttpResponse>((resolve, reject) => {
    const started = performance.now();
    let stage: 'connect' | 'response' = 'connect';
    let settled = false;
    const lib = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? agents.https : agents.http;

    const finish = (err: GateError | undefined, res?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        note(`${target} ✗ ${err.message}`);
        clientReq.destroy();
        reject(err);
      } else if (res) {
        note(`${target} → ${res.status} (${Math.round(res.durationMs)} ms)`);
        options.onResponse?.(res);
        resolve(res);
      }
    };
    const onAbort = (): void => finish(timeoutError(target, stage, performance.now() - started));

    const clientReq = lib.request(url, { method, headers, agent }, (res) => {
      stage = 'response';
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBody) {
          res.destroy();
          finish(
            new GateError(
              `${target} → ${res.statusCode}: body over ${maxBody} bytes, stopped reading`,
              {
                kind: 'protocol',
                stage: 'response',
                httpStatus: res.statusCode,
                elapsedMs: performance.now() - started,
              },
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (err) =>
        finish(transportError(err, target, 'response', performance.now() - started)),
      );
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const contentType = res.headers['content-type'];
        finish(undefined, {
          method,
          path: req.path,
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: parseBody(raw, contentType),
          text: raw.toString('utf8', 0, Math.min(raw.length, MAX_TEXT_CHARS)),
          durationMs: performance.now() - started,
        });
      });
    });
    clientReq.on('socket', (socket) => {
      // A reused keep-alive socket is already connected; a new one says so when it is.
      // A TLS handshake counts as connecting: a bad certificate is a connect failure.
      if (!socket.connecting) stage = 'response';
      else
        socket.once(
          url.protocol === 'https:' ? 'secureConnect' : 'connect',
          () => (stage = 'response'),
        );
    });
    clientReq.on('error', (err) =>
      finish(transportError(err, target, stage, performance.now() - started)),
    );
    const timer = setTimeout(
      () => finish(timeoutError(target, stage, performance.now() - started)),
      timeoutMs,
    );
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    clientReq.end(payload);
  });
}
