import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { collectRun, runAgent, startAgent } from '../../src/client/agent-run.js';
import { WsSession, type WsMeasurement } from '../../src/client/ws-session.js';
import { DEFAULT_PROTOCOL, type ProtocolConfig } from '../../src/config/protocol.js';
import { classifyFailure } from '../../src/runner/classify.js';
import { wsServer, type Loopback, caught } from './servers.js';

let server: Loopback | undefined;
const sessions: WsSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await server?.close();
  server = undefined;
});

const fast: ProtocolConfig = {
  ...DEFAULT_PROTOCOL,
  timing: { eventWithinMs: 300, runWithinMs: 800, maxGapMs: 200 },
};
const ev = (type: string, runId: string, extra: Record<string, unknown> = {}) => ({
  type,
  run_id: runId,
  user_id: 'u1',
  timestamp: new Date().toISOString(),
  data: {},
  ...extra,
});

/** A server that answers each request frame with `script(runId)`, one frame per `spacing` ms. */
async function scripted(frames: (runNo: number) => unknown[], spacing = 5): Promise<Loopback> {
  let runs = 0;
  return wsServer((ws: WebSocket) => {
    ws.send(JSON.stringify({ type: 'connection_established', data: { connection_id: 'c' } }));
    ws.on('message', () => {
      const list = frames(++runs);
      list.forEach((f, i) =>
        setTimeout(
          () => ws.readyState === ws.OPEN && ws.send(JSON.stringify(f)),
          spacing * (i + 1),
        ),
      );
    });
  });
}

async function open(url: string, measured?: WsMeasurement[]): Promise<WsSession> {
  const s = await WsSession.connect({
    url,
    transport: 'header',
    timeoutMs: 1_000,
    protocol: fast,
    ...(measured ? { onMeasure: (m: WsMeasurement) => measured.push(m) } : {}),
  });
  sessions.push(s);
  await s.awaitWelcome(1_000);
  return s;
}

describe('collectRun', () => {
  it('binds the run by its first event and keeps only that run, through heartbeats and other runs', async () => {
    server = await scripted(() => [
      ev('agent_started', 'mine'),
      { type: 'heartbeat' },
      ev('agent_started', 'theirs', { user_id: 'u2' }),
      ev('agent_thinking', 'mine'),
      ev('agent_thinking', 'theirs'),
      ev('tool_executing', 'mine', { data: { tool_name: 't' } }),
      ev('tool_completed', 'mine', { data: { tool_name: 't', result: 1 } }),
      ev('agent_completed', 'theirs'),
      ev('agent_completed', 'mine', { data: { result: 'done' } }),
    ]);
    const measured: WsMeasurement[] = [];
    const s = await open(server.wsUrl, measured);
    const run = await runAgent(s, { trigger: 'start_agent', userRequest: 'hi' }, { userId: 'u1' });
    expect(run.runId).toBe('mine');
    expect(run.outcome).toBe('completed');
    expect(run.events.map((e) => e.type)).toEqual([
      'agent_started',
      'agent_thinking',
      'tool_executing',
      'tool_completed',
      'agent_completed',
    ]);
    expect(run.startedMs).toBe(run.events[0].atMs);
    expect(measured).toEqual([{ kind: 'agent_started', ms: run.startedMs }]);
  });

  it('skips runs another collector claimed', async () => {
    server = await scripted(() => [
      ev('agent_started', 'claimed'),
      ev('agent_started', 'free'),
      ev('agent_thinking', 'free'),
      ev('agent_completed', 'free'),
    ]);
    const s = await open(server.wsUrl);
    const run = await collectRun(s, startAgent(s, { userRequest: 'x' }), {
      isClaimed: (id) => id === 'claimed',
    });
    expect(run.runId).toBe('free');
  });

  it('never takes the tail of a run that was already in flight for its answer', async () => {
    server = await scripted(() => [
      ev('agent_thinking', 'old'),
      ev('agent_completed', 'old'),
      ev('agent_started', 'new'),
      ev('agent_thinking', 'new'),
      ev('agent_completed', 'new'),
    ]);
    const s = await open(server.wsUrl);
    expect((await runAgent(s, { trigger: 'user_message', content: 'x' })).runId).toBe('new');
  });

  it('reports a run that streams without agent_started as missing_event', async () => {
    server = await scripted(() => [ev('agent_thinking', 'r'), ev('agent_completed', 'r')]);
    const s = await open(server.wsUrl);
    const err = await caught(runAgent(s, { trigger: 'user_message', content: 'x' }));
    expect(classifyFailure(err)).toMatchObject({ category: 'missing_event', stage: 'first_event' });
    expect(err.message).toContain('run r streamed agent_thinking, agent_completed without it');
  });

  it('measures user_message → first frame of its run', async () => {
    server = await scripted(() => [
      ev('agent_started', 'r'),
      ev('agent_thinking', 'r'),
      ev('agent_completed', 'r'),
    ]);
    const measured: WsMeasurement[] = [];
    const s = await open(server.wsUrl, measured);
    const run = await runAgent(s, { trigger: 'user_message', content: 'x' });
    expect(measured).toEqual([{ kind: 'first_run_frame', ms: run.firstFrameMs }]);
  });

  it('ends a run on agent_error or on an error frame', async () => {
    server = await scripted((n) =>
      n === 1
        ? [ev('agent_error', 'r1', { data: { error_message: 'no such agent' } })]
        : [{ type: 'error', code: 'TOO_MANY_RUNS', message: 'slow down' }],
    );
    const s = await open(server.wsUrl);
    expect(
      (await runAgent(s, { trigger: 'start_agent', userRequest: 'x', agent: 'nope' })).outcome,
    ).toBe('agent_error');
    const refused = await runAgent(s, { trigger: 'start_agent', userRequest: 'x' });
    expect(refused.outcome).toBe('error_frame');
    expect(refused.errorFrame?.code).toBe('TOO_MANY_RUNS');
  });

  it('times out in stage first_event when nothing of the run comes', async () => {
    server = await scripted(() => [{ type: 'heartbeat' }]);
    const s = await open(server.wsUrl);
    const err = await caught(runAgent(s, { trigger: 'start_agent', userRequest: 'x' }));
    expect(classifyFailure(err)).toMatchObject({ category: 'timeout', stage: 'first_event' });
    expect(err.message).toContain('no event within 300 ms');
  });

  it('times out in stage completion when the run stops half way, naming what came', async () => {
    server = await scripted(() => [ev('agent_started', 'r'), ev('agent_thinking', 'r')]);
    const s = await open(server.wsUrl);
    const err = await caught(runAgent(s, { trigger: 'start_agent', userRequest: 'x' }));
    expect(classifyFailure(err)).toMatchObject({ category: 'timeout', stage: 'completion' });
    expect(err.message).toMatch(
      /no event for 200 ms after the last one.*agent_started@\d+ms, agent_thinking@\d+ms/,
    );
  });

  it('fails with the close code when the server crashes mid-run', async () => {
    server = await wsServer((ws) => {
      ws.send(JSON.stringify({ type: 'connection_established', data: {} }));
      ws.on('message', () => {
        ws.send(JSON.stringify(ev('agent_started', 'r')));
        setTimeout(() => ws.close(1011, 'Internal error'), 20);
      });
    });
    const s = await open(server.wsUrl);
    const err = await caught(runAgent(s, { trigger: 'start_agent', userRequest: 'x' }));
    expect(err.facts).toMatchObject({ closeCode: 1011, stage: 'completion' });
    expect(err.message).toContain('agent_started@');
    expect(classifyFailure(err).category).toBe('ws_internal_error');
  });
});
