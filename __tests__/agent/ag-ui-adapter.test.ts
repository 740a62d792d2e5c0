/**
 * The AG-UI adapter over real loopback SSE: the reference service in each of its healthy
 * variants (LF and CRLF, keep-alive comments, writes split inside multi-byte characters,
 * chunk events, unknown event types) gives the same normalized run; refusals, a wrong
 * content type, non-JSON data, a cut and a stalled stream end the run as they should.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgUiAdapter } from '../../src/agent/ag-ui/adapter.js';
import type { AgentRun } from '../../src/agent/model.js';
import { checkRun } from '../../src/agent/run-order.js';
import { DEFAULT_PROTOCOL } from '../../src/config/protocol.js';
import { createTokenSource } from '../../src/client/tokens.js';
import { BoundedEvidenceLog } from '../../src/runner/evidence-log.js';
import { systemClock } from '../../src/runner/clock.js';
import {
  ANSWER,
  startAgUiSim,
  type AgUiSimHandle,
  type AgUiSimInit,
} from '../../src/sim/ag-ui/index.js';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';

const tokens = createTokenSource({
  auth: {
    kind: 'jwt',
    secret: DEFAULT_SIM_SECRET,
    algorithm: 'HS256',
    issuer: 'staging-gate',
    claims: {},
  },
  users: DEFAULT_PROTOCOL.users,
});

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function sim(init: AgUiSimInit = {}): Promise<AgUiSimHandle> {
  const s = await startAgUiSim({ eventSpacingMs: 2, ...init });
  open.push(s);
  return s;
}

async function runOn(
  url: string,
  opts: { token?: string | null; prompt?: string; timeoutMs?: number } = {},
): Promise<AgentRun> {
  const adapter = createAgUiAdapter({ agentUrl: url, graceMs: 100 });
  const token = opts.token === null ? undefined : (opts.token ?? (await tokens.tokenFor(1)));
  return adapter.run({
    ...(token !== undefined ? { token } : {}),
    prompt: opts.prompt ?? 'hello',
    signal: new AbortController().signal,
    evidence: new BoundedEvidenceLog(systemClock),
    timeoutMs: opts.timeoutMs ?? 3_000,
  });
}

const answerOf = (run: AgentRun): string =>
  run.events
    .filter((e) => e.kind === 'text' && e.text !== undefined)
    .map((e) => e.text)
    .join('');

describe('the AG-UI adapter on the healthy reference service', () => {
  const variants: Array<[string, AgUiSimInit['variant']]> = [
    ['plain', {}],
    ['CRLF line ends', { crlf: true }],
    ['keep-alive comments', { keepAlive: true }],
    ['writes split inside multi-byte characters', { splitWrites: true }],
    ['chunk events', { chunks: true }],
    ['unknown event types', { unknownEvents: true }],
    [
      'all at once',
      { crlf: true, keepAlive: true, splitWrites: true, chunks: true, unknownEvents: true },
    ],
  ];
  it.each(variants)('%s: a complete run that follows every rule', async (_, variant) => {
    const s = await sim({ variant: variant ?? {} });
    const run = await runOn(s.agentUrl, { prompt: 'please call a tool' });
    expect(run.status).toBe(200);
    expect(run.end.kind).toBe('closed');
    expect(checkRun(run)).toBeUndefined();
    expect(run.events[0].ids).toEqual(run.requested);
    expect(answerOf(run)).toBe(ANSWER.join(''));
    expect(
      run.events
        .filter((e) => e.kind === 'tool_args')
        .map((e) => e.text)
        .join(''),
    ).toBe('{"text": "staging-gate"}');
    if (variant?.unknownEvents) {
      expect(run.events.some((e) => e.kind === 'other' && e.wireType === 'X_VENDOR_PROGRESS')).toBe(
        true,
      );
    }
    if (variant?.chunks) {
      expect(run.events.some((e) => e.wireType.includes('(from TEXT_MESSAGE_CHUNK)'))).toBe(true);
    }
  });

  it('sends a RunAgentInput with fresh ids, the prompt, and asks for an event stream', async () => {
    let seen: { headers: http.IncomingHttpHeaders; body: string } | undefined;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = { headers: req.headers, body };
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"x"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    open.push({ close: () => new Promise((r) => server.close(() => r())) });
    const port = (server.address() as { port: number }).port;
    const run = await runOn(`http://127.0.0.1:${port}/run`, { token: 'tok-123', prompt: 'say hi' });
    const input = JSON.parse(seen?.body ?? '{}') as Record<string, unknown>;
    expect(seen?.headers.accept).toBe('text/event-stream');
    expect(seen?.headers.authorization).toBe('Bearer tok-123');
    expect(input).toMatchObject({
      threadId: run.requested.threadId,
      runId: run.requested.runId,
      messages: [{ role: 'user', content: 'say hi' }],
      tools: [],
      context: [],
      state: {},
      forwardedProps: {},
    });
    expect(run.end).toMatchObject({ kind: 'failed', facts: { httpStatus: 400 } });
  });
});

describe('the AG-UI adapter on a broken service', () => {
  it('a refused token ends the run with the status, before any event', async () => {
    const s = await sim();
    const run = await runOn(s.agentUrl, { token: null });
    expect(run.events).toEqual([]);
    expect(run.end).toMatchObject({ kind: 'failed', facts: { httpStatus: 401 } });
  });

  it('a JSON answer is a protocol violation', async () => {
    const s = await sim({ faults: ['wrong-content-type'] });
    const run = await runOn(s.agentUrl);
    expect(run.end).toMatchObject({ kind: 'failed', facts: { kind: 'protocol' } });
    expect(run.end.kind === 'failed' && run.end.message).toContain('text/event-stream');
  });

  it('data that is not JSON is a protocol violation', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"type":"RUN_STARTED","threadId":"t","runId":"r"}\n\ndata: not json\n\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    open.push({ close: () => new Promise((r) => server.close(() => r())) });
    const run = await runOn(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
    expect(run.events.map((e) => e.wireType)).toEqual(['RUN_STARTED']);
    expect(run.end).toMatchObject({ kind: 'failed', facts: { kind: 'protocol' } });
  });

  it('a cut stream ends closed without a terminal event', async () => {
    const s = await sim({ faults: ['truncated'] });
    const run = await runOn(s.agentUrl);
    expect(run.end.kind).toBe('closed');
    expect(checkRun(run)?.category).toBe('missing_event');
  });

  it('a stalled stream times out at completion', async () => {
    const s = await sim({ faults: ['stall'] });
    const run = await runOn(s.agentUrl, { timeoutMs: 300 });
    expect(run.end).toMatchObject({ kind: 'timeout', stage: 'completion' });
  });

  it('events after RUN_FINISHED are collected within the grace', async () => {
    const s = await sim({ faults: ['events-after-finish'] });
    const run = await runOn(s.agentUrl);
    expect(run.events.at(-1)?.wireType).toBe('STATE_SNAPSHOT');
    expect(checkRun(run)?.category).toBe('protocol_violation');
  });
});
