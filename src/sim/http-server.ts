/**
 * The HTTP entry point: fault gates first (as a broken deployment would answer), then the
 * startup window, routing, bearer auth and the JSON body. Errors never escape: a handler
 * that throws answers 500 with a JSON error.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken } from './auth.js';
import type { SimContext } from './context.js';
import { errorBody } from './frames.js';
import { isApiPath, reply } from './http-reply.js';
import { ROUTES } from './http-routes.js';
import { requestTarget } from './request-target.js';
import { SSE_CHAT_PATH, serveSseChat } from './sse-chat.js';

const MAX_BODY_BYTES = 1024 * 1024;

export function createRequestHandler(
  ctx: SimContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  const limiter = new FixedWindowLimiter(ctx.faults.rateLimitPerSecond, ctx.options.now);
  return (req, res) => {
    ctx.stats.httpRequests += 1;
    req.on('error', () => {});
    res.on('error', () => {});
    handle(ctx, limiter, req, res).catch(() => {
      ctx.stats.handlerErrors += 1;
      if (!res.headersSent)
        reply(ctx, req, res, 500, errorBody('INTERNAL_ERROR', 'Internal server error'));
    });
  };
}

async function handle(
  ctx: SimContext,
  limiter: FixedWindowLimiter,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { faults } = ctx;
  // hang: the request is read and never answered; close() destroys the socket
  if (faults.names.has('hang')) return;
  const send = (status: number, body: unknown, headers?: Record<string, string>) =>
    reply(ctx, req, res, status, body, headers);
  const pathname = requestTarget(req.url).pathname;
  const api = isApiPath(pathname);

  if (faults.names.has('redirect-loop')) return send(302, 'Found', { Location: req.url ?? '/' });
  if (faults.http404.some((p) => p.test(pathname))) return send(404, 'Not Found');
  if (faults.http500.some((p) => p.test(pathname))) {
    return send(500, errorBody('INTERNAL_ERROR', 'Internal server error'));
  }
  if (api && faults.names.has('rate-limit') && !limiter.take()) {
    return send(429, errorBody('RATE_LIMITED', 'Too many requests'), {
      'Retry-After': String(limiter.retryAfterSeconds()),
    });
  }
  if (api && !ctx.readiness.state().ready) {
    return send(503, errorBody('SERVICE_STARTING', 'Startup in progress'), { 'Retry-After': '1' });
  }

  if (pathname === SSE_CHAT_PATH && ctx.options.variant.sseChat) {
    return serveSseChat(ctx, req, res);
  }
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const candidates = ROUTES.filter((r) => r.pattern.test(pathname));
  if (candidates.length === 0) {
    return send(404, errorBody('NOT_FOUND', `No route for ${req.method} ${pathname}`));
  }
  const route = candidates.find((r) => r.method === method);
  if (!route) {
    return send(
      405,
      errorBody('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${pathname}`),
      {
        Allow: candidates.map((r) => r.method).join(', '),
      },
    );
  }
  let userId = '';
  if (route.auth) {
    const outcome = await ctx.verify(bearerToken(req));
    if (!outcome.ok) {
      return send(401, errorBody(outcome.code, outcome.message), { 'WWW-Authenticate': 'Bearer' });
    }
    userId = outcome.userId;
  }
  let body: unknown;
  if (route.method === 'POST') {
    const read = await readJsonBody(req);
    if (!read.ok) return send(read.status, errorBody(read.code, read.message));
    body = read.value;
  }
  const params = (route.pattern.exec(pathname) ?? []).slice(1);
  route.handle({ ctx, params, userId, body, reply: send });
}

type BodyRead =
  { ok: true; value: unknown } | { ok: false; status: number; code: string; message: string };

function readJsonBody(req: IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', () =>
      resolve({ ok: false, status: 400, code: 'BAD_REQUEST', message: 'Request body aborted' }),
    );
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        return resolve({
          ok: false,
          status: 413,
          code: 'PAYLOAD_TOO_LARGE',
          message: `Body over ${MAX_BODY_BYTES} bytes`,
        });
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({ ok: true, value: {} });
      try {
        resolve({ ok: true, value: JSON.parse(text) });
      } catch {
        resolve({
          ok: false,
          status: 400,
          code: 'INVALID_JSON',
          message: 'The request body is not valid JSON',
        });
      }
    });
  });
}

/** `rate-limit`: a budget of N requests per wall-clock second for the whole service. */
class FixedWindowLimiter {
  private windowStart = 0;
  private used = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {}

  take(): boolean {
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.used = 0;
    }
    this.used += 1;
    return this.used <= this.perSecond;
  }

  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.windowStart + 1000 - this.now()) / 1000));
  }
}
