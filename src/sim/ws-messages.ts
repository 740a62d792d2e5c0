/**
 * What the service does with each client frame (PROTOCOL.md §3.1). Nothing a client sends
 * closes the connection: bad input gets an error frame and the socket stays open (unless
 * the bad-json-close or unknown-type-close fault says otherwise).
 */
import type { RawData } from 'ws';
import type { SimContext } from './context.js';
import { fromEnvelope } from './envelope.js';
import { errorFrame } from './frames.js';
import { EVENT } from './run-script.js';
import { asRecord } from './untrusted.js';
import type { SimConnection } from './ws-connection.js';

type ClientFrame = Record<string, unknown> & { type: string };

export function handleClientFrame(
  ctx: SimContext,
  conn: SimConnection,
  data: RawData,
  isBinary: boolean,
): void {
  const fail = (code: string, message: string) =>
    conn.send(errorFrame(ctx.options.variant, code, message));
  if (isBinary) return fail('UNSUPPORTED_FRAME', 'Binary frames are not supported; send JSON text');
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawText(data));
    if (ctx.options.variant.envelope) parsed = fromEnvelope(parsed);
  } catch {
    if (ctx.faults.names.has('bad-json-close')) return conn.closeWith(1007, 'Invalid JSON');
    return fail('JSON_PARSE_ERROR', 'The frame is not valid JSON');
  }
  if (!isClientFrame(parsed)) {
    return fail('INVALID_MESSAGE', 'A frame must be a JSON object with a string "type"');
  }
  switch (parsed.type) {
    case 'ping':
      return answerPing(ctx, conn, parsed);
    case 'user_message':
      return startRun(ctx, conn, parsed, parsed.content, undefined);
    case 'start_agent': {
      const payload = asRecord(parsed.payload);
      const agent = payload.agent ?? payload.agent_name;
      return startRun(ctx, conn, parsed, payload.user_request ?? payload.message, agent);
    }
    default:
      if (ctx.faults.names.has('unknown-type-close')) {
        return conn.closeWith(1003, 'Unsupported message type');
      }
      return conn.send({ type: 'ack', received_type: parsed.type, timestamp: ctx.options.now() });
  }
}

function answerPing(ctx: SimContext, conn: SimConnection, frame: ClientFrame): void {
  const pong = { type: 'pong', id: frame.id ?? null, timestamp: ctx.options.now() };
  const delay = ctx.faults.slowPongMs;
  if (delay > 0) ctx.timers.after(delay, () => conn.send(pong));
  else conn.send(pong);
}

function startRun(
  ctx: SimContext,
  conn: SimConnection,
  frame: ClientFrame,
  content: unknown,
  agent: unknown,
): void {
  const variant = ctx.options.variant;
  const threadId = frame.thread_id ?? asRecord(frame.payload).thread_id;
  if (typeof content !== 'string' || content === '') {
    const field = frame.type === 'start_agent' ? 'payload.user_request' : 'content';
    return conn.send(
      errorFrame(variant, 'INVALID_MESSAGE', `"${field}" must be a non-empty string`),
    );
  }
  if (agent !== undefined && typeof agent !== 'string') {
    return conn.send(errorFrame(variant, 'INVALID_MESSAGE', '"payload.agent" must be a string'));
  }
  if (threadId !== undefined && threadId !== null && typeof threadId !== 'string') {
    return conn.send(errorFrame(variant, 'INVALID_MESSAGE', '"thread_id" must be a string'));
  }
  const result = ctx.runs.start({
    userId: conn.userId,
    agentName: agent,
    content,
    threadId: threadId ?? undefined,
    origin: conn,
  });
  if (result.ok) return;
  if (result.code === 'AGENT_NOT_FOUND') {
    // an unknown agent ends its run with agent_error; the socket stays open (PROTOCOL.md §3.1)
    const run = {
      runId: result.runId,
      agentName: agent ?? '',
      threadId: threadId ?? null,
      userId: conn.userId,
    };
    const data = { error_message: result.message, error_code: result.code };
    return conn.send(ctx.runs.eventFrame(run, { type: EVENT.error, data }));
  }
  conn.send(errorFrame(variant, result.code, result.message));
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function isClientFrame(value: unknown): value is ClientFrame {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}
