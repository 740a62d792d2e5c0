/**
 * The faults that each break one message-flow or performance check specifically: a close
 * instead of an answer to bad input, and a slow agent start.
 */
import { describe, expect, it } from 'vitest';
import { useFaultySims } from './faulty-sims.js';
import { connect, mintToken } from './wire.js';

const sim = useFaultySims();

describe('faults aimed at one check', () => {
  it('bad-json-close: invalid JSON gets close 1007, valid frames still get answers', async () => {
    const s = await sim(['bad-json-close']);
    const token = await mintToken();
    const fine = await connect(s.wsUrl, { token });
    fine.send({ type: 'ping', id: 'p1' });
    await fine.waitFor((f) => f.type === 'pong' && f.id === 'p1');
    fine.send({ type: 'staging_gate_unknown_type' });
    await fine.waitFor((f) => f.type === 'ack');

    const probe = await connect(s.wsUrl, { token });
    probe.send('{"type": "user_message", "content": ');
    expect(await probe.closed).toEqual({ code: 1007, reason: 'Invalid JSON' });
    expect(probe.frames.some((f) => f.type === 'error')).toBe(false);
  });

  it('unknown-type-close: an unknown type gets close 1003, invalid JSON still an error frame', async () => {
    const s = await sim(['unknown-type-close']);
    const token = await mintToken();
    const fine = await connect(s.wsUrl, { token });
    fine.send('not json');
    const answer = await fine.waitFor((f) => f.type === 'error');
    expect(answer.code).toBe('JSON_PARSE_ERROR');

    const probe = await connect(s.wsUrl, { token });
    probe.send({ type: 'staging_gate_unknown_type', id: 'u1' });
    expect(await probe.closed).toEqual({ code: 1003, reason: 'Unsupported message type' });
    expect(probe.frames.some((f) => f.type === 'ack')).toBe(false);
  });

  it('slow-agent-start:<ms>: agent_started comes at least that late, the run is intact', async () => {
    const s = await sim(['slow-agent-start:200']);
    const probe = await connect(s.wsUrl, { token: await mintToken() });
    const t0 = performance.now();
    probe.send({ type: 'start_agent', payload: { user_request: 'wake up' } });
    const started = await probe.waitFor((f) => f.type === 'agent_started');
    // a lower bound only: a slow machine makes it later, never earlier
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    const events = await probe.runEvents(String(started.run_id));
    expect(events.map((e) => e.type)).toEqual([
      'agent_started',
      'agent_thinking',
      'agent_thinking',
      'tool_executing',
      'tool_completed',
      'agent_completed',
    ]);
  });
});
