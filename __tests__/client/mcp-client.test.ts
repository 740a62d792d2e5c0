// The MCP client against servers that misbehave on the wire: every wait is bounded, every
// malformed answer is a protocol_violation with the facts, notifications before the
// response are skipped.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpClient, listTools, openSession, resultOf } from '../../src/agent/mcp/client.js';
import { caught } from './servers.js';

type Handler = (body: Record<string, unknown>, res: http.ServerResponse) => void;
let server: http.Server | undefined;

async function serve(handler: Handler): Promise<string> {
  server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => handler(text ? (JSON.parse(text) as Record<string, unknown>) : {}, res));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}/mcp`;
}
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const INIT_RESULT = {
  protocolVersion: '2025-11-25',
  serverInfo: { name: 's', version: '1' },
  capabilities: {},
};
function sse(res: http.ServerResponse, ...messages: unknown[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const m of messages) res.write(`data: ${JSON.stringify(m)}\n\n`);
}

describe('the MCP client on a misbehaving server', () => {
  it('skips notifications and other ids on the stream before its response', async () => {
    const url = await serve((body, res) => {
      if (body.method === 'notifications/initialized') return void res.writeHead(202).end();
      sse(
        res,
        { jsonrpc: '2.0', method: 'notifications/message', params: {} },
        { jsonrpc: '2.0', id: 999, result: {} },
        { jsonrpc: '2.0', id: body.id, result: INIT_RESULT },
      );
      res.end();
    });
    const session = await openSession(createMcpClient({ url, timeoutMs: 2000 }));
    expect(session.init.serverInfo.name).toBe('s');
  });

  it('times out a stream that never sends the response, at the response stage', async () => {
    const url = await serve((_body, res) =>
      sse(res, { jsonrpc: '2.0', method: 'notifications/message' }),
    );
    const err = await caught(createMcpClient({ url, timeoutMs: 300 }).request('ping', undefined));
    expect(err.facts).toMatchObject({ kind: 'timeout', stage: 'response' });
  });

  it('times out a server that never answers the head', async () => {
    const url = await serve(() => undefined);
    const err = await caught(createMcpClient({ url, timeoutMs: 300 }).request('ping', undefined));
    expect(err.facts.kind).toBe('timeout');
  });

  it('calls a stream that ends without the response, or a body that is not JSON, a protocol violation', async () => {
    let mode = 'end';
    const url = await serve((_body, res) => {
      if (mode === 'end') return void (sse(res), res.end());
      res.writeHead(200, { 'content-type': 'application/json' }).end('<html>oops</html>');
    });
    const client = createMcpClient({ url, timeoutMs: 1000 });
    const ended = await caught(client.request('ping', undefined));
    expect(ended.category).toBe('protocol_violation');
    expect(ended.message).toMatch(/ended without a response/);
    mode = 'html';
    const html = await caught(client.request('ping', undefined));
    expect(html.category).toBe('protocol_violation');
    expect(html.message).toMatch(/not JSON/);
  });

  it('stops following a tools/list cursor that loops', async () => {
    const url = await serve((body, res) => {
      if (body.method === 'notifications/initialized') return void res.writeHead(202).end();
      const result = body.method === 'initialize' ? INIT_RESULT : { tools: [], nextCursor: 'same' };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: body.id, result }));
    });
    const client = createMcpClient({ url, timeoutMs: 1000 });
    const err = await caught(listTools(client, await openSession(client)));
    expect(err.message).toMatch(/came twice/);
  });

  it('reads a JSON-RPC error as the classifier needs it: status facts, or a protocol violation on 200', async () => {
    const url = await serve((body, res) => {
      const status = body.method === 'a' ? 503 : 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ jsonrpc: '2.0', id: body.id, error: { code: -32601, message: 'nope' } }),
      );
    });
    const client = createMcpClient({ url, timeoutMs: 1000 });
    const a = await caught(client.request('a', undefined).then((r) => resultOf('a', r)));
    expect(a.facts).toMatchObject({ kind: 'status', httpStatus: 503 });
    const b = await caught(client.request('b', undefined).then((r) => resultOf('b', r)));
    expect(b.category).toBe('protocol_violation');
  });
});
