// The gate's tokens go where the agent card points, so a card naming a JSON-RPC endpoint on
// another origin is refused (protocol_violation) before any token is sent there; agent-url
// is how a team says the other origin is theirs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { a2aSettings, runA2a } from './a2a-harness.js';

let server: http.Server;
let baseUrl = '';
const elsewhere: string[] = [];
let other: http.Server;
let otherUrl = '';

beforeAll(async () => {
  other = http.createServer((req, res) => {
    elsewhere.push(`${req.method} ${req.url} auth=${req.headers.authorization ? 'yes' : 'no'}`);
    res.writeHead(401).end();
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/a2a`;
  server = http.createServer((req, res) => {
    const card = {
      name: 'n',
      description: 'd',
      version: '1',
      capabilities: { streaming: true },
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      skills: [{ id: 's', name: 's', description: 's' }],
      supportedInterfaces: [{ url: otherUrl, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(card));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  other.close();
});

describe('a card that names another origin', () => {
  it('is refused, and no request reaches that origin', async () => {
    const { results } = await runA2a(a2aSettings(baseUrl), {
      ids: ['agent-card/jsonrpc-endpoint', 'streaming/task-stream'],
    });
    for (const id of ['agent-card/jsonrpc-endpoint', 'streaming/task-stream']) {
      expect(results.get(id)?.failure?.category, id).toBe('protocol_violation');
      expect(results.get(id)?.failure?.message).toContain('another origin');
    }
    expect(elsewhere).toEqual([]);
  });

  it('is used when agent-url names it', async () => {
    const { results } = await runA2a(a2aSettings(baseUrl, {}, { 'agent-url': otherUrl }), {
      ids: ['agent-card/jsonrpc-endpoint'],
    });
    expect(results.get('agent-card/jsonrpc-endpoint')?.status).toBe('failed');
    expect(elsewhere.length).toBeGreaterThan(0);
  });
});
