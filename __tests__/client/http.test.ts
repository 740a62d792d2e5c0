import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, joinUrl } from '../../src/client/http.js';
import { classifyFailure } from '../../src/runner/classify.js';
import { closedPort, collectingEvidence, httpServer, type Loopback, caught } from './servers.js';

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createHttpClient', () => {
  it('returns status, parsed JSON and a measured duration, and sends the bearer', async () => {
    let auth: string | undefined;
    server = await httpServer((req, res) => {
      auth = req.headers.authorization;
      res
        .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
        .end('{"status":"healthy"}');
    });
    const http = createHttpClient({ baseUrl: server.url, timeoutMs: 2_000 });
    const res = await http.get('/health', { token: 'abc.def.ghi' });
    http.close();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'healthy' });
    expect(res.durationMs).toBeGreaterThan(0);
    expect(auth).toBe('Bearer abc.def.ghi');
  });

  it('never throws on a status, and keeps the body of an error', async () => {
    server = await httpServer((_req, res) =>
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end('{"error":{"code":"INTERNAL_ERROR"}}'),
    );
    const http = createHttpClient({ baseUrl: server.url, timeoutMs: 2_000 });
    const res = await http.post('/api/threads', { title: 'x' });
    http.close();
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL_ERROR' } });
  });

  it('does not parse JSON sent under another content type', async () => {
    server = await httpServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('{"a":1}'),
    );
    const http = createHttpClient({ baseUrl: server.url, timeoutMs: 2_000 });
    const res = await http.get('/x');
    http.close();
    expect(res.body).toBeUndefined();
    expect(res.text).toBe('{"a":1}');
  });

  it('fails a refused connection with facts: refused, ECONNREFUSED, stage connect', async () => {
    const port = await closedPort();
    const http = createHttpClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2_000 });
    const err = await caught(http.get('/health'));
    expect(err.facts).toMatchObject({
      kind: 'refused',
      errorCode: 'ECONNREFUSED',
      stage: 'connect',
    });
    expect(classifyFailure(err).category).toBe('connection_failed');
  });

  it('fails a silent server as a timeout in the response stage', async () => {
    server = await httpServer(() => undefined);
    const http = createHttpClient({ baseUrl: server.url, timeoutMs: 150 });
    const err = await caught(http.get('/health'));
    http.close();
    expect(err.facts).toMatchObject({ kind: 'timeout', stage: 'response' });
    expect(classifyFailure(err)).toMatchObject({ category: 'timeout', stage: 'response' });
  });

  it('gives up as a timeout when its signal aborts', async () => {
    server = await httpServer(() => undefined);
    const abort = new AbortController();
    const http = createHttpClient({ baseUrl: server.url, timeoutMs: 5_000, signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    const err = await caught(http.get('/slow'));
    http.close();
    expect(err.facts.kind).toBe('timeout');
  });

  it('stops reading a body beyond its bound and says so', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`[${'1,'.repeat(5_000)}1]`);
    });
    const http = createHttpClient({ baseUrl: server.url, timeoutMs: 2_000, maxBodyBytes: 1_024 });
    const err = await caught(http.get('/huge'));
    http.close();
    expect(err.facts).toMatchObject({ kind: 'protocol', httpStatus: 200 });
    expect(classifyFailure(err).category).toBe('protocol_violation');
  });

  it('records each exchange as redacted evidence', async () => {
    server = await httpServer((_req, res) => res.writeHead(204).end());
    const evidence = collectingEvidence();
    const http = createHttpClient({ baseUrl: server.url, timeoutMs: 2_000, evidence });
    await http.get('/api/agents?token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln');
    http.close();
    expect(evidence.lines).toHaveLength(1);
    expect(evidence.lines[0]).toMatch(/^http GET \/api\/agents\?token=\*\*\* → 204 \(\d+ ms\)$/);
  });

  it('joins paths to a base URL with a path prefix', () => {
    expect(joinUrl('https://h.example/prefix/', '/api/x?y=1').toString()).toBe(
      'https://h.example/prefix/api/x?y=1',
    );
    expect(joinUrl('https://h.example', 'health').toString()).toBe('https://h.example/health');
  });
});
