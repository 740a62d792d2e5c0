import { describe, expect, it } from 'vitest';
import type { SimHandle } from '../../src/sim/index.js';
import { useFaultySims } from './faulty-sims.js';
import { connect, http, mintToken, openProbe, user } from './wire.js';

const sim = useFaultySims();

/** The event types of one run, once `count` events arrived (or agent_completed, if no count). */
const runTypes = async (s: SimHandle, count?: number) => {
  const probe = await connect(s.wsUrl, { token: await mintToken() });
  probe.send({ type: 'user_message', content: 'go' });
  const first = await probe.waitFor((f) => typeof f.run_id === 'string');
  const ofRun = () => probe.frames.filter((f) => f.run_id === first.run_id);
  if (count === undefined) await probe.runEvents(String(first.run_id));
  else await probe.waitFor(() => ofRun().length >= count);
  return ofRun().map((e) => String(e.type));
};

describe('WebSocket faults', () => {
  it('ws-1011-on-agent: agent_started, then close 1011 "Internal error"', async () => {
    const s = await sim(['ws-1011-on-agent']);
    const probe = await connect(s.wsUrl, { token: await mintToken() });
    probe.send({ type: 'user_message', content: 'crash' });
    const closed = await probe.closed;
    expect(closed).toEqual({ code: 1011, reason: 'Internal error' });
    expect(probe.frames.map((f) => f.type)).toEqual(['connection_established', 'agent_started']);
  });

  it('ws-1011-on-connect: close 1011 with no welcome', async () => {
    const s = await sim(['ws-1011-on-connect']);
    const probe = openProbe(s.wsUrl, { token: await mintToken() });
    expect((await probe.closed).code).toBe(1011);
    expect(probe.frames).toEqual([]);
  });

  it('close-1006: the socket dies without a close frame after agent_started', async () => {
    const s = await sim(['close-1006']);
    const probe = await connect(s.wsUrl, { token: await mintToken() });
    probe.send({ type: 'user_message', content: 'die' });
    expect((await probe.closed).code).toBe(1006);
    expect(probe.frames.map((f) => f.type)).toEqual(['connection_established', 'agent_started']);
    expect((await http(s.baseUrl, '/health')).status).toBe(200);
  });

  it('jwt-mismatch: valid tokens rejected, 401 over HTTP and 1008 over WebSocket', async () => {
    const s = await sim(['jwt-mismatch']);
    const token = await mintToken();
    expect((await http(s.baseUrl, '/api/agents', { token })).status).toBe(401);
    const probe = openProbe(s.wsUrl, { token });
    expect((await probe.closed).code).toBe(1008);
    expect(probe.frames).toEqual([]);
  });

  it('auth-not-enforced: wrong, expired and missing tokens all get in', async () => {
    const s = await sim(['auth-not-enforced']);
    const wrong = await mintToken({ secret: 'x'.repeat(40), sub: user(7) });
    expect((await http(s.baseUrl, '/api/agents', { token: wrong })).status).toBe(200);
    expect((await http(s.baseUrl, '/api/agents')).status).toBe(200);
    const probe = await connect(s.wsUrl, { token: await mintToken({ expiresIn: -100 }) });
    expect(probe.frames[0].type).toBe('connection_established');
    const anonymous = await connect(s.wsUrl);
    expect((anonymous.frames[0].data as { user_id: string }).user_id).toBe('anonymous');
    const wrongWs = await connect(s.wsUrl, { token: wrong });
    expect((wrongWs.frames[0].data as { user_id: string }).user_id).toBe(user(7));
  });

  it('drop-event:<type>: the run lacks exactly that event (and drops combine)', async () => {
    expect(await runTypes(await sim(['drop-event:tool_completed']))).toEqual([
      'agent_started',
      'agent_thinking',
      'agent_thinking',
      'tool_executing',
      'agent_completed',
    ]);
    const both = await runTypes(await sim(['drop-event:agent_thinking,drop-event:agent_started']));
    expect(both).toEqual(['tool_executing', 'tool_completed', 'agent_completed']);
  });

  it('reorder-events: same events, wrong order', async () => {
    const types = await runTypes(await sim(['reorder-events']), 6);
    expect([...types].sort()).toEqual(
      [
        'agent_started',
        'agent_thinking',
        'agent_thinking',
        'tool_executing',
        'tool_completed',
        'agent_completed',
      ].sort(),
    );
    expect(types.indexOf('agent_thinking')).toBeLessThan(types.indexOf('agent_started'));
    expect(types.indexOf('agent_completed')).toBeLessThan(types.indexOf('tool_executing'));
  });

  it("cross-user-leak: events reach other users' sockets and threads are listed to all", async () => {
    const s = await sim(['cross-user-leak']);
    const alice = await mintToken({ sub: user(1) });
    const bob = await mintToken({ sub: user(2) });
    const thread = await http(s.baseUrl, '/api/threads', {
      token: alice,
      body: { title: 'private' },
    });
    const listed = await http(s.baseUrl, '/api/threads', { token: bob });
    expect((listed.json?.threads as { id: string }[]).map((t) => t.id)).toContain(thread.json?.id);
    const a = await connect(s.wsUrl, { token: alice });
    const b = await connect(s.wsUrl, { token: bob });
    a.send({ type: 'user_message', content: 'secret' });
    const leaked = await b.waitFor((f) => f.type === 'agent_completed');
    expect(leaked.user_id).toBe(user(1));
  });

  it('slow-pong:<ms>: the pong still comes, later', async () => {
    const s = await sim(['slow-pong:150']);
    const probe = await connect(s.wsUrl, { token: await mintToken() });
    const t0 = Date.now();
    probe.send({ type: 'ping', id: 'slow' });
    await probe.waitFor((f) => f.type === 'pong' && f.id === 'slow');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('drop-persistence: runs succeed but nothing is stored', async () => {
    const s = await sim(['drop-persistence']);
    const token = await mintToken();
    const thread = await http(s.baseUrl, '/api/threads', { token, body: {} });
    const probe = await connect(s.wsUrl, { token });
    probe.send({ type: 'user_message', content: 'remember', thread_id: thread.json?.id });
    await probe.waitFor((f) => f.type === 'agent_completed');
    const messages = await http(s.baseUrl, `/api/threads/${String(thread.json?.id)}/messages`, {
      token,
    });
    expect(messages.json).toEqual({ messages: [] });
  });

  it('faults combine: ws-1011-on-agent with slow-api and stale-version', async () => {
    const s = await sim(['ws-1011-on-agent', 'slow-api:20,stale-version'], { version: 'v9' });
    expect((await http(s.baseUrl, '/health')).json?.version).toBe('v9-previous');
    const probe = await connect(s.wsUrl, { token: await mintToken() });
    probe.send({ type: 'start_agent', payload: { user_request: 'x' } });
    expect((await probe.closed).code).toBe(1011);
    const t0 = Date.now();
    expect((await http(s.baseUrl, '/api/health')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(19);
  });
});
