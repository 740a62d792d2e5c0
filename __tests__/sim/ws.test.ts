import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimHandle } from '../../src/sim/index.js';
import {
  closeProbes,
  connect,
  http,
  mintToken,
  openProbe,
  SECRET,
  sleep,
  user,
  type Probe,
} from './wire.js';

const CRITICAL = [
  'agent_started',
  'agent_thinking',
  'tool_executing',
  'tool_completed',
  'agent_completed',
];

let sim: SimHandle;
let alice: string;
let bob: string;
beforeAll(async () => {
  sim = await startSim({ jwtSecret: SECRET, eventSpacingMs: 2, heartbeatMs: 0 });
  alice = await mintToken({ sub: user(1) });
  bob = await mintToken({ sub: user(2) });
});
afterAll(() => sim.close());
afterEach(closeProbes);

/** Starts a run and returns its events once it ends. */
async function run(
  probe: Probe,
  frame: Record<string, unknown>,
): Promise<Record<string, unknown>[]> {
  const before = new Set(probe.frames);
  probe.send(frame);
  const started = await probe.waitFor((f) => !before.has(f) && typeof f.run_id === 'string');
  return probe.runEvents(String(started.run_id));
}

/** The PROTOCOL.md §3.3 order: started, thinking+, (executing, completed)*, completed. */
function assertRunShape(events: Record<string, unknown>[]): void {
  const types = events.map((e) => String(e.type));
  expect(types[0]).toBe('agent_started');
  expect(types.at(-1)).toBe('agent_completed');
  expect(types.filter((t) => t === 'agent_started')).toHaveLength(1);
  expect(types.filter((t) => t === 'agent_completed')).toHaveLength(1);
  expect(types[1]).toBe('agent_thinking');
  const firstTool = types.indexOf('tool_executing');
  expect(firstTool).toBeGreaterThan(1);
  expect(types.slice(1, firstTool).every((t) => t === 'agent_thinking')).toBe(true);
  const tools = events.slice(firstTool, -1);
  expect(tools.length % 2).toBe(0);
  for (let i = 0; i < tools.length; i += 2) {
    expect(tools[i].type).toBe('tool_executing');
    expect(tools[i + 1].type).toBe('tool_completed');
    const [exec, done] = [tools[i].data, tools[i + 1].data] as Record<string, unknown>[];
    expect(done.tool_name).toBe(exec.tool_name);
    expect(done.result).toBeDefined();
    expect(typeof done.execution_time_ms).toBe('number');
  }
  for (const type of CRITICAL) expect(types).toContain(type);
  const runId = events[0].run_id;
  for (const event of events) {
    expect(event).toMatchObject({
      run_id: runId,
      agent_name: expect.any(String),
      user_id: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(String(event.timestamp)))).toBe(false);
    expect('thread_id' in event).toBe(true);
  }
  expect((events.at(-1)?.data as { result?: unknown }).result).toEqual(expect.any(String));
  expect(typeof (events[1].data as { reasoning?: unknown }).reasoning).toBe('string');
}

describe('frames', () => {
  it('welcome first, then ping → pong with the same id', async () => {
    const probe = await connect(sim.wsUrl, { token: alice });
    expect(probe.frames[0].type).toBe('connection_established');
    probe.send({ type: 'ping', id: 'p-42', timestamp: Date.now() });
    expect(await probe.waitFor((f) => f.type === 'pong')).toMatchObject({ id: 'p-42' });
  });

  it('a user_message runs the default agent through every critical event in order', async () => {
    const probe = await connect(sim.wsUrl, { token: alice });
    const events = await run(probe, { type: 'user_message', content: 'hello' });
    assertRunShape(events);
    expect(events[0]).toMatchObject({ agent_name: 'triage', user_id: user(1), thread_id: null });
  });

  it('a start_agent runs the named agent', async () => {
    const probe = await connect(sim.wsUrl, { token: alice });
    const events = await run(probe, {
      type: 'start_agent',
      payload: { user_request: 'usage?', agent: 'data-analyst' },
    });
    assertRunShape(events);
    expect(events[0].agent_name).toBe('data-analyst');
    expect(events.filter((e) => e.type === 'tool_executing').length).toBeGreaterThanOrEqual(2);
  });

  it('an unknown agent ends with agent_error and the socket stays open', async () => {
    const probe = await connect(sim.wsUrl, { token: alice });
    probe.send({
      type: 'start_agent',
      payload: { user_request: 'x', agent: 'staging-gate-no-such-agent' },
    });
    const error = await probe.waitFor((f) => f.type === 'agent_error');
    expect(error).toMatchObject({
      run_id: expect.any(String),
      data: { error_message: expect.any(String) },
    });
    probe.send({ type: 'ping', id: 'after' });
    await probe.waitFor((f) => f.type === 'pong' && f.id === 'after');
  });

  it('invalid JSON, bad shapes, binary and unknown types get answers, never a close', async () => {
    const probe = await connect(sim.wsUrl, { token: alice });
    probe.send('{not json');
    expect(await probe.waitFor((f) => f.type === 'error')).toMatchObject({
      code: 'JSON_PARSE_ERROR',
    });
    probe.send('[1,2]');
    await probe.waitFor((f) => f.code === 'INVALID_MESSAGE');
    probe.send({ type: 'user_message' });
    await probe.waitFor(
      (f) => f.code === 'INVALID_MESSAGE' && String(f.message).includes('content'),
    );
    probe.ws.send(Buffer.from([1, 2, 3]));
    await probe.waitFor((f) => f.code === 'UNSUPPORTED_FRAME');
    probe.send({ type: 'subscribe', topic: 'x' });
    expect(await probe.waitFor((f) => f.type === 'ack')).toMatchObject({
      received_type: 'subscribe',
    });
    probe.send({ type: 'ping', id: 'still-here' });
    await probe.waitFor((f) => f.type === 'pong' && f.id === 'still-here');
  });
});

describe('isolation and persistence', () => {
  it("events reach every connection of the run's user and no one else", async () => {
    const a1 = await connect(sim.wsUrl, { token: alice });
    const a2 = await connect(sim.wsUrl, { token: alice });
    const b = await connect(sim.wsUrl, { token: bob });
    const events = await run(a1, { type: 'user_message', content: 'mine' });
    const runId = events[0].run_id;
    await a2.waitFor((f) => f.run_id === runId && f.type === 'agent_completed');
    // bob runs something after, so his socket has surely seen anything sent before it
    await run(b, { type: 'user_message', content: 'his' });
    expect(b.frames.some((f) => f.run_id === runId)).toBe(false);
    expect(a1.frames.some((f) => f.user_id === user(2))).toBe(false);
  });

  it('a run on a thread stores the user message and the result, visible over HTTP', async () => {
    const created = await http(sim.baseUrl, '/api/threads', {
      token: alice,
      body: { title: 'ws' },
    });
    const threadId = String(created.json?.id);
    const probe = await connect(sim.wsUrl, { token: alice });
    const events = await run(probe, {
      type: 'user_message',
      content: 'persist me',
      thread_id: threadId,
    });
    expect(events.every((e) => e.thread_id === threadId)).toBe(true);
    const messages = (
      await http(sim.baseUrl, `/api/threads/${threadId}/messages`, { token: alice })
    ).json?.messages as { role: string; content: string }[];
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'persist me'],
      ['assistant', (events.at(-1)?.data as { result: string }).result],
    ]);
  });

  it("a run on another user's thread is refused with an error frame", async () => {
    const created = await http(sim.baseUrl, '/api/threads', { token: alice, body: {} });
    const probe = await connect(sim.wsUrl, { token: bob });
    probe.send({ type: 'user_message', content: 'x', thread_id: created.json?.id });
    await probe.waitFor((f) => f.type === 'error' && f.code === 'THREAD_NOT_FOUND');
    const messages = await http(sim.baseUrl, `/api/threads/${String(created.json?.id)}/messages`, {
      token: alice,
    });
    expect(messages.json).toEqual({ messages: [] });
  });

  it('an HTTP execute streams its events to the user’s sockets', async () => {
    const probe = await connect(sim.wsUrl, { token: alice });
    const res = await http(sim.baseUrl, '/api/agents/execute', {
      token: alice,
      body: { message: 'via http' },
    });
    assertRunShape(await probe.runEvents(String(res.json?.run_id)));
  });
});

describe('robustness', () => {
  it('closes 1009 on an oversized client frame and keeps serving others', async () => {
    const small = await startSim({ jwtSecret: SECRET, maxPayloadBytes: 1024, heartbeatMs: 0 });
    try {
      const probe = await connect(small.wsUrl, { token: alice });
      probe.send({ type: 'user_message', content: 'x'.repeat(4096) });
      expect((await probe.closed).code).toBe(1009);
      const next = await connect(small.wsUrl, { token: alice });
      next.send({ type: 'ping', id: 1 });
      await next.waitFor((f) => f.type === 'pong');
    } finally {
      await small.close();
    }
  });

  it('survives a flood of junk and pings, answering every ping', async () => {
    const probe = await connect(sim.wsUrl, { token: alice });
    for (let i = 0; i < 300; i++) {
      probe.send(i % 3 === 0 ? '}{' : i % 3 === 1 ? 'null' : { type: 'ping', id: `f${i}` });
    }
    await probe.waitFor((f) => f.type === 'pong' && f.id === 'f299');
    expect(probe.frames.filter((f) => f.type === 'pong')).toHaveLength(100);
    expect(probe.frames.filter((f) => f.code === 'JSON_PARSE_ERROR')).toHaveLength(100);
  });

  it('caps concurrent runs per user with an error frame', async () => {
    const capped = await startSim({
      jwtSecret: SECRET,
      eventSpacingMs: 50,
      heartbeatMs: 0,
      limits: { runsPerUser: 2 },
    });
    try {
      const probe = await connect(capped.wsUrl, { token: alice });
      for (let i = 0; i < 3; i++) probe.send({ type: 'user_message', content: `run ${i}` });
      await probe.waitFor((f) => f.code === 'TOO_MANY_RUNS');
      await sleep(20);
      expect(
        new Set(probe.frames.filter((f) => f.type === 'agent_started').map((f) => f.run_id)).size,
      ).toBe(2);
    } finally {
      await capped.close();
    }
  });

  it('a socket closed mid-run stops its run without harming the service', async () => {
    const slow = await startSim({ jwtSecret: SECRET, eventSpacingMs: 30, heartbeatMs: 0 });
    try {
      const probe = await connect(slow.wsUrl, { token: alice });
      probe.send({ type: 'user_message', content: 'bye' });
      await probe.waitFor((f) => f.type === 'agent_started');
      probe.ws.close();
      await probe.closed;
      await sleep(100);
      expect(slow.stats().runsCompleted).toBe(0);
      expect(slow.stats().connectionsOpen).toBe(0);
      expect((await http(slow.baseUrl, '/health')).status).toBe(200);
    } finally {
      await slow.close();
    }
  });

  it('close() ends open sockets and unanswered requests promptly', async () => {
    const s = await startSim({ jwtSecret: SECRET });
    const probe = await connect(s.wsUrl, { token: alice });
    probe.send({ type: 'ping', id: 'count' });
    await probe.waitFor((f) => f.type === 'pong');
    const stats = s.stats();
    expect(stats).toMatchObject({ connectionsOpen: 1, connectionsTotal: 1, framesSent: 2 });
    expect(stats.frameOverheadUs).toBeGreaterThan(0);
    await s.close();
    expect([1005, 1006]).toContain((await probe.closed).code);
  });
});

describe('variants', () => {
  it('system_message welcome, error_message frames, heartbeats everywhere and idle', async () => {
    const v = await startSim({
      jwtSecret: SECRET,
      eventSpacingMs: 2,
      heartbeatMs: 20,
      variant: {
        welcome: 'system_message',
        errorFrame: 'error_message',
        heartbeatEverywhere: true,
        extraFields: true,
      },
    });
    try {
      const probe = await connect(v.wsUrl, { token: alice });
      expect(probe.frames[0]).toMatchObject({
        type: 'system_message',
        data: { event: 'connection_established', user_id: user(1) },
        x_trace_id: expect.any(String),
      });
      probe.send('oops');
      expect(await probe.waitFor((f) => f.type === 'error_message')).toMatchObject({
        error_code: 'JSON_PARSE_ERROR',
      });
      const events = await run(probe, { type: 'user_message', content: 'hb' });
      const types = events.map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(CRITICAL));
      const all = probe.frames.map((f) => f.type);
      const first = all.indexOf('agent_started');
      const last = all.indexOf('agent_completed');
      const between = all.slice(first, last + 1);
      // a heartbeat between every two run events
      expect(between.filter((t) => t === 'heartbeat').length).toBeGreaterThanOrEqual(
        types.length - 1,
      );
      expect(events[0]).toHaveProperty('x_trace_id');
      expect(events[0].data).toHaveProperty('x_shard');
      await probe.waitFor(
        (f) => f.type === 'heartbeat' && all.length < probe.frames.indexOf(f) + 1,
      );
    } finally {
      await v.close();
    }
  });

  it('latency with jitter delays frames but never reorders them', async () => {
    const v = await startSim({
      jwtSecret: SECRET,
      eventSpacingMs: 0,
      heartbeatMs: 0,
      latency: { ms: 30, jitterMs: 10 },
    });
    try {
      const t0 = Date.now();
      expect((await http(v.baseUrl, '/api/health')).status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(19);
      const probe = await connect(v.wsUrl, { token: alice });
      for (let i = 0; i < 20; i++) probe.send({ type: 'ping', id: i });
      await probe.waitFor((f) => f.type === 'pong' && f.id === 19);
      expect(probe.frames.filter((f) => f.type === 'pong').map((f) => f.id)).toEqual([
        ...Array(20).keys(),
      ]);
      assertRunShape(await run(probe, { type: 'user_message', content: 'lag' }));
    } finally {
      await v.close();
    }
  });

  it('the upgrade without a token gets 401 even through openProbe defaults', async () => {
    const probe = openProbe(sim.wsUrl, { transport: 'query' });
    await probe.closed;
    expect(probe.upgradeStatus).toBe(401);
  });
});
