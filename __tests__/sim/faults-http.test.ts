import { describe, expect, it } from 'vitest';
import { useFaultySims } from './faulty-sims.js';
import { connect, http, mintToken, openProbe } from './wire.js';

const sim = useFaultySims();

describe('HTTP faults', () => {
  it('startup-503: the startup body until the window ends, then healthy', async () => {
    let now = 1_000_000;
    const s = await sim(['startup-503'], { startupMs: 300, now: () => now });
    const starting = await http(s.baseUrl, '/health');
    expect(starting.status).toBe(503);
    expect(starting.json).toMatchObject({
      status: 'unhealthy',
      message: 'Startup in progress',
      startup_in_progress: true,
      details: { phase: expect.any(String), progress: expect.any(Number) },
    });
    const api = await http(s.baseUrl, '/api/agents', { token: await mintToken() });
    expect(api.status).toBe(503);
    expect(api.json).toMatchObject({ error: { code: 'SERVICE_STARTING' } });
    const ws = openProbe(s.wsUrl, { token: await mintToken() });
    await ws.closed;
    expect(ws.upgradeStatus).toBe(503);
    now += 150;
    const halfway = await http(s.baseUrl, '/health');
    expect(halfway.status).toBe(503);
    expect((halfway.json?.details as { progress: number }).progress).toBe(50);
    now += 150;
    expect((await http(s.baseUrl, '/health')).json).toMatchObject({ status: 'healthy' });
    expect((await http(s.baseUrl, '/api/agents', { token: await mintToken() })).status).toBe(200);
  });

  it('startup-503 with startupMs 0 defaults to a 3 s window; startupMs alone also works', async () => {
    expect((await http((await sim(['startup-503'])).baseUrl, '/health')).status).toBe(503);
    expect((await http((await sim([], { startupMs: 5_000 })).baseUrl, '/health')).status).toBe(503);
  });

  it('stale-version: /health reports the previous build', async () => {
    const s = await sim(['stale-version'], { version: 'abc123' });
    const res = await http(s.baseUrl, '/health');
    expect(res.status).toBe(200);
    expect(res.json?.version).toBe('abc123-previous');
  });

  it('slow-api:<ms> delays /api/* only', async () => {
    const s = await sim(['slow-api:120']);
    const t0 = Date.now();
    expect((await http(s.baseUrl, '/api/health')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
  });

  it('http-500:<path>: that path answers a JSON 500, others are fine', async () => {
    const s = await sim(['http-500:/api/agents', 'http-500:/api/threads/{id}/messages']);
    const token = await mintToken();
    const res = await http(s.baseUrl, '/api/agents', { token });
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ error: { code: 'INTERNAL_ERROR' } });
    expect((await http(s.baseUrl, '/api/threads/abc/messages', { token })).status).toBe(500);
    expect((await http(s.baseUrl, '/api/threads', { token })).status).toBe(200);
  });

  it('http-404:<path>: a plain-text 404 like a missing route', async () => {
    const s = await sim(['http-404:/api/agents/execute', 'http-404:/ws']);
    const res = await http(s.baseUrl, '/api/agents/execute', {
      token: await mintToken(),
      body: { agent: 'triage', message: 'x' },
    });
    expect(res.status).toBe(404);
    expect(res.json).toBeUndefined();
    expect(res.headers.get('content-type')).toContain('text/plain');
    const ws = openProbe(s.wsUrl, { token: await mintToken() });
    await ws.closed;
    expect(ws.upgradeStatus).toBe(404);
  });

  it('rate-limit: beyond the budget, 429 with Retry-After and a JSON error', async () => {
    // a frozen clock: every request falls in the same one-second window
    const s = await sim(['rate-limit'], { now: () => 5_000_000 });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await http(s.baseUrl, '/api/health'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const limited = answers.filter((a) => a.status === 429);
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited[0].json).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // /health is not under /api and stays available
    expect((await http(s.baseUrl, '/health')).status).toBe(200);
  });

  it('rate-limit counts per second with an injected clock', async () => {
    let now = 1_000_000;
    const s = await sim(['rate-limit:2'], { now: () => now });
    const statuses = async () => {
      const out = [];
      for (let i = 0; i < 3; i++) out.push((await http(s.baseUrl, '/api/health')).status);
      return out;
    };
    expect(await statuses()).toEqual([200, 200, 429]);
    now += 1_000;
    expect(await statuses()).toEqual([200, 200, 429]);
  });

  it('a healthy sim keeps serving WebSocket runs when /api/* is failing', async () => {
    const s = await sim(['http-500:/api/threads']);
    const token = await mintToken();
    // the fault is on: without this the test would pass on a sim that ignores it
    expect((await http(s.baseUrl, '/api/threads', { token })).status).toBe(500);
    const probe = await connect(s.wsUrl, { token });
    probe.send({ type: 'user_message', content: 'fine' });
    const done = await probe.waitFor((f) => f.type === 'agent_completed');
    const run = probe.frames.filter((f) => f.run_id !== undefined && f.run_id === done.run_id);
    expect(run[0]?.type).toBe('agent_started');
    expect(run.map((f) => f.type)).not.toContain('agent_error');
    expect(run.at(-1)?.type).toBe('agent_completed');
  });
});
