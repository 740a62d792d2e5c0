/**
 * A small AG-UI server nobody on this project wrote the wire of: events are the official
 * `@ag-ui/core` types, encoded by the official `@ag-ui/encoder`, and the RunAgentInput is
 * validated by `@ag-ui/core`'s own zod schema. Tokens are verified with jose. The gate must
 * pass on it exactly as on the reference service.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { EventType, type BaseEvent } from '@ag-ui/core';
import { RunAgentInputSchema } from '@ag-ui/core/schemas';
import { EventEncoder } from '@ag-ui/encoder';
import { jwtVerify } from 'jose';

export interface EncoderServer {
  baseUrl: string;
  agentUrl: string;
  close(): Promise<void>;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function authorized(req: IncomingMessage, secret: Uint8Array): Promise<boolean> {
  const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return false;
  try {
    await jwtVerify(token, secret, { issuer: 'staging-gate', algorithms: ['HS256'] });
    return true;
  } catch {
    return false;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

async function run(req: IncomingMessage, res: ServerResponse, secret: Uint8Array): Promise<void> {
  if (!(await authorized(req, secret))) {
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
    return;
  }
  let parsed: ReturnType<typeof RunAgentInputSchema.safeParse>;
  try {
    parsed = RunAgentInputSchema.safeParse(JSON.parse(await readBody(req)));
  } catch {
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"not JSON"}');
    return;
  }
  if (!parsed.success) {
    res
      .writeHead(422, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: 'invalid RunAgentInput', issues: parsed.error.issues.length }));
    return;
  }
  const input = parsed.data;
  const encoder = new EventEncoder({ accept: req.headers.accept ?? '' });
  res.writeHead(200, { 'content-type': encoder.getContentType(), 'cache-control': 'no-cache' });
  const send = async (event: BaseEvent): Promise<void> => {
    res.write(encoder.encode(event));
    await pause(4);
  };
  const { threadId, runId } = input;
  const last = input.messages.filter((m) => m.role === 'user').at(-1);
  const prompt = typeof last?.content === 'string' ? last.content : '';
  await send({ type: EventType.RUN_STARTED, threadId, runId } as BaseEvent);
  const messageId = randomUUID();
  await send({ type: EventType.TEXT_MESSAGE_START, messageId, role: 'assistant' } as BaseEvent);
  for (const delta of ['Hello ', 'from ', 'the ', 'encoder.']) {
    await send({ type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta } as BaseEvent);
  }
  await send({ type: EventType.TEXT_MESSAGE_END, messageId } as BaseEvent);
  if (/\btool\b/i.test(prompt)) {
    const toolCallId = randomUUID();
    const args = JSON.stringify({ city: 'Zürich' });
    await send({
      type: EventType.TOOL_CALL_START,
      toolCallId,
      toolCallName: 'weather',
      parentMessageId: messageId,
    } as BaseEvent);
    await send({
      type: EventType.TOOL_CALL_ARGS,
      toolCallId,
      delta: args.slice(0, 5),
    } as BaseEvent);
    await send({ type: EventType.TOOL_CALL_ARGS, toolCallId, delta: args.slice(5) } as BaseEvent);
    await send({ type: EventType.TOOL_CALL_END, toolCallId } as BaseEvent);
    await send({
      type: EventType.TOOL_CALL_RESULT,
      messageId: randomUUID(),
      toolCallId,
      content: 'sunny',
      role: 'tool',
    } as BaseEvent);
  }
  await send({ type: EventType.RUN_FINISHED, threadId, runId } as BaseEvent);
  res.end();
}

export async function startEncoderServer(secret: string): Promise<EncoderServer> {
  const key = new TextEncoder().encode(secret);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/awp') {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    run(req, res, key).catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    agentUrl: `${baseUrl}/awp`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
