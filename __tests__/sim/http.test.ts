import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimHandle } from '../../src/sim/index.js';
import { http, mintToken, SECRET, user } from './wire.js';

let sim: SimHandle;
let alice: string;
let bob: string;

beforeAll(async () => {
  sim = await startSim({ jwtSecret: SECRET, eventSpacingMs: 1, version: 'build-abc123' });
  alice = await mintToken({ sub: user(1) });
  bob = await mintToken({ sub: user(2) });
});
afterAll(() => sim.close());

const isIso = (value: unknown) =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) && value.includes('T');

describe('public endpoints', () => {
  it('GET /health reports healthy with the version', async () => {
    const res = await http(sim.baseUrl, '/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.json).toMatchObject({ status: 'healthy', version: 'build-abc123' });
    expect(typeof res.json?.service).toBe('string');
  });

  it('GET /api/health, discovery, mcp config and servers', async () => {
    expect((await http(sim.baseUrl, '/api/health')).json).toEqual({ status: 'healthy' });
    const discovery = await http(sim.baseUrl, '/api/discovery/services');
    expect(discovery.status).toBe(200);
    expect(Object.keys(discovery.json?.services as object).length).toBeGreaterThan(0);
    const config = await http(sim.baseUrl, '/api/mcp/config');
    expect(config.status).toBe(200);
    expect(Object.keys(config.json ?? {}).length).toBeGreaterThan(0);
    const servers = await http(sim.baseUrl, '/api/mcp/servers');
    expect(servers.json?.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ status: 'connected' })]),
    );
  });

  it('an unknown path is a 404 with a JSON error, a wrong method a 405', async () => {
    const missing = await http(sim.baseUrl, '/api/nope');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const wrong = await http(sim.baseUrl, '/api/agents', { method: 'DELETE', token: alice });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect(wrong.json).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
  });
});

describe('agents', () => {
  it('GET /api/agents lists available agents', async () => {
    const res = await http(sim.baseUrl, '/api/agents', { token: alice });
    expect(res.status).toBe(200);
    const agents = res.json?.agents as { name: string; status: string; description: string }[];
    expect(agents.map((a) => a.name)).toEqual(expect.arrayContaining(['triage', 'data-analyst']));
    for (const agent of agents) {
      expect(agent.status).toBe('available');
      expect(agent.description.length).toBeGreaterThan(0);
    }
  });

  it('POST /api/agents/execute starts a run; an unknown agent is a JSON 404', async () => {
    const ok = await http(sim.baseUrl, '/api/agents/execute', {
      token: alice,
      body: { agent: 'triage', message: 'hello' },
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ run_id: expect.any(String), status: 'started' });
    const unknown = await http(sim.baseUrl, '/api/agents/execute', {
      token: alice,
      body: { agent: 'no-such-agent', message: 'hello' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({
      error: { code: 'AGENT_NOT_FOUND', message: expect.any(String) },
    });
  });

  it('execute validates its body', async () => {
    const noMessage = await http(sim.baseUrl, '/api/agents/execute', {
      token: alice,
      body: { agent: 'triage' },
    });
    expect(noMessage.status).toBe(422);
    expect(noMessage.json).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
    const badJson = await http(sim.baseUrl, '/api/agents/execute', {
      token: alice,
      rawBody: '{nope',
    });
    expect(badJson.status).toBe(400);
    expect(badJson.json).toMatchObject({ error: { code: 'INVALID_JSON' } });
    const huge = await http(sim.baseUrl, '/api/threads', {
      token: alice,
      rawBody: JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
  });
});

describe('threads', () => {
  it('creates, lists only the caller’s own, and hides other users’ threads', async () => {
    const created = await http(sim.baseUrl, '/api/threads', {
      token: alice,
      body: { title: 'first' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: expect.any(String), title: 'first' });
    expect(isIso(created.json?.created_at)).toBe(true);
    const id = String(created.json?.id);

    const own = await http(sim.baseUrl, '/api/threads', { token: alice });
    expect((own.json?.threads as { id: string }[]).map((t) => t.id)).toContain(id);
    const other = await http(sim.baseUrl, '/api/threads', { token: bob });
    expect(other.status).toBe(200);
    expect((other.json?.threads as { id: string }[]).map((t) => t.id)).not.toContain(id);

    const mine = await http(sim.baseUrl, `/api/threads/${id}`, { token: alice });
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ id, title: 'first' });
    const theirs = await http(sim.baseUrl, `/api/threads/${id}`, { token: bob });
    expect(theirs.status).toBe(404);
    expect(theirs.json).toMatchObject({ error: { code: 'THREAD_NOT_FOUND' } });
    const theirMessages = await http(sim.baseUrl, `/api/threads/${id}/messages`, { token: bob });
    expect(theirMessages.status).toBe(404);
  });

  it('stores the user message and the completion of an execute run, in order', async () => {
    const created = await http(sim.baseUrl, '/api/threads', {
      token: alice,
      body: { title: 'run' },
    });
    const id = String(created.json?.id);
    const empty = await http(sim.baseUrl, `/api/threads/${id}/messages`, { token: alice });
    expect(empty.json).toEqual({ messages: [] });
    await http(sim.baseUrl, '/api/agents/execute', {
      token: alice,
      body: { agent: 'data-analyst', message: 'weekly usage?', thread_id: id },
    });
    let messages: { role: string; content: string; created_at: string; id: string }[] = [];
    for (let i = 0; i < 100 && messages.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      messages = (await http(sim.baseUrl, `/api/threads/${id}/messages`, { token: alice })).json
        ?.messages as typeof messages;
    }
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages[0].content).toBe('weekly usage?');
    expect(messages[1].content.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(typeof m.id).toBe('string');
      expect(isIso(m.created_at)).toBe(true);
    }
  });

  it('execute on another user’s thread is refused', async () => {
    const created = await http(sim.baseUrl, '/api/threads', { token: alice, body: {} });
    const res = await http(sim.baseUrl, '/api/agents/execute', {
      token: bob,
      body: { message: 'sneaky', thread_id: created.json?.id },
    });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: { code: 'THREAD_NOT_FOUND' } });
  });
});

describe('variants', () => {
  it('execute202 answers 202 and extraFields adds unknown keys to every body', async () => {
    const variant = await startSim({
      jwtSecret: SECRET,
      variant: { execute202: true, extraFields: true },
    });
    try {
      const res = await http(variant.baseUrl, '/api/agents/execute', {
        token: alice,
        body: { agent: 'triage', message: 'hi' },
      });
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({ run_id: expect.any(String), status: 'accepted' });
      const health = await http(variant.baseUrl, '/health');
      expect(Object.keys(health.json ?? {})).toEqual(
        expect.arrayContaining(['status', 'version', 'x_trace_id']),
      );
    } finally {
      await variant.close();
    }
  });

  it('counts requests in stats', () => {
    const stats = sim.stats();
    expect(stats.httpRequests).toBeGreaterThan(5);
    expect(stats.runsStarted).toBeGreaterThan(0);
  });
});
