/**
 * The `sseChat` variant: `POST /v1/chat` with `{"message": "..."}` and a bearer token answers
 * a Server-Sent Events stream — `run.started`, one `token` per word of the answer, `run.done`
 * — as a bespoke SSE agent might. The faults that bend it: `drop-event:<event>`,
 * `reorder-events` (run.done before the tokens), `auth-not-enforced` (via the verifier),
 * `truncated-sse` (the stream ends mid-event after the first token), `slow-first-token:<ms>`,
 * `sse-not-json` (data lines that are not JSON), and the HTTP gates (`http-500:/v1/chat`, ...).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findAgent } from './agents.js';
import { bearerToken } from './auth.js';
import type { SimContext } from './context.js';
import { errorBody } from './frames.js';
import { reply } from './http-reply.js';

export const SSE_CHAT_PATH = '/v1/chat';
const MAX_BODY_BYTES = 64 * 1024;

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('error', () => resolve(undefined));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    });
  });
}

/** The healthy stream of one chat, bent by the active faults. */
export function planChat(ctx: SimContext, message: string, userId: string): SseEvent[] {
  const runId = `run_${randomUUID()}`;
  const answer = findAgent(undefined)?.answer(message) ?? `You said: ${message}`;
  let events: SseEvent[] = [
    { event: 'run.started', data: { run_id: runId, user_id: userId } },
    ...answer.split(' ').map((word, i) => ({
      event: 'token',
      data: { run_id: runId, index: i, delta: i === 0 ? word : ` ${word}` },
    })),
    { event: 'run.done', data: { run_id: runId, text: answer } },
  ];
  events = events.filter((e) => !ctx.faults.droppedEvents.has(e.event));
  if (ctx.faults.names.has('reorder-events')) {
    const done = events.findIndex((e) => e.event === 'run.done');
    if (done > 1) events.splice(1, 0, ...events.splice(done, 1));
  }
  return events;
}

export async function serveSseChat(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const send = (status: number, body: unknown) => reply(ctx, req, res, status, body);
  if (req.method !== 'POST') return send(405, errorBody('METHOD_NOT_ALLOWED', 'POST only'));
  const outcome = await ctx.verify(bearerToken(req));
  if (!outcome.ok) return send(401, errorBody(outcome.code, outcome.message));
  const body = await readBody(req);
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string' || message === '') {
    return send(400, errorBody('INVALID_MESSAGE', '"message" must be a non-empty string'));
  }
  const { faults, options, timers } = ctx;
  const events = planChat(ctx, message, outcome.userId);
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  const notJson = faults.names.has('sse-not-json');
  const write = (e: SseEvent): void => {
    const data = notJson
      ? `${e.event} ${String(e.data.delta ?? e.data.run_id ?? '')}`
      : JSON.stringify(e.data);
    res.write(`event: ${e.event}\ndata: ${data}\n\n`);
  };
  let i = 0;
  let tokens = 0;
  const step = (): void => {
    if (res.destroyed) return;
    if (i >= events.length) return void res.end();
    const e = events[i];
    i += 1;
    if (e.event === 'token' && tokens === 1 && faults.names.has('truncated-sse')) {
      // half an event, then the end: a proxy or a crash cut the stream
      res.end(`event: token\ndata: {"run_id":"${String(e.data.run_id)}","de`);
      return;
    }
    write(e);
    if (e.event === 'token') tokens += 1;
    const next = events[i];
    const slow = next?.event === 'token' && tokens === 0 ? faults.slowFirstTokenMs : 0;
    timers.after(options.eventSpacingMs + slow, step);
  };
  timers.after(0, step);
}
