// The worked examples of docs/SCENARIOS.md, run by runGate with protocol custom against the
// sim: each passes against the healthy service and fails, with its category, against each
// fault that breaks what it checks. Tokens and the secret never reach the results.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import type { Results } from '../../src/model.js';
import { runGate } from '../../src/pipeline/run-gate.js';
import { DEFAULT_SIM_SECRET, startSim, type SimHandle } from '../../src/sim/index.js';

const ENVELOPE = readFileSync('docs/examples/envelope-agent.yml', 'utf8');
const SSE = readFileSync('docs/examples/sse-chat.yml', 'utf8');
let sim: SimHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** the example file (the envelope one with a short maxGap, which a dropped event waits out) */
async function gate(
  file: string,
  faults: string[],
  variant: Record<string, boolean>,
  tests = '',
): Promise<Results> {
  sim = await startSim({ faults, variant, eventSpacingMs: 5, heartbeatMs: 50 });
  const text = file === ENVELOPE ? file.replace(/maxGap: \d+/g, 'maxGap: 1500') : file;
  const settings = parseSettings(
    {
      'base-url': sim.baseUrl,
      protocol: 'custom',
      'jwt-secret': DEFAULT_SIM_SECRET,
      'suite-config': 'gate.yml',
      'wait-for-ready': '5',
      retries: '0',
      'perf-gate': 'off',
      ...(tests ? { tests } : {}),
    },
    { readFile: () => text },
  );
  return runGate(settings);
}

function outcome(results: Results): Record<string, string> {
  return Object.fromEntries(
    results.tests.map((t) => [t.id, t.status === 'failed' ? `${t.failure?.category}` : t.status]),
  );
}

function noSecrets(results: Results): void {
  const text = JSON.stringify(results);
  expect(text).not.toContain(DEFAULT_SIM_SECRET);
  expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
}

describe('the envelope example (agent-ws event flow as a scenario)', () => {
  it('passes against the healthy envelope service and measures', async () => {
    const results = await gate(ENVELOPE, [], { envelope: true });
    expect(outcome(results)).toEqual({
      'chat/agent-event-flow': 'passed',
      'auth/envelope-refuses-wrong-signature': 'passed',
    });
    expect(results.target.protocol).toBe('custom');
    const startup = results.metrics.find((m) => m.name === 'agent_startup_ms');
    expect(startup?.samples).toBe(1);
    expect(results.metrics.find((m) => m.name === 'message_processing_ms')?.samples).toBe(1);
    noSecrets(results);
  });

  it('fails against the plain agent-ws envelope: the frames are not the ones declared', async () => {
    const results = await gate(ENVELOPE, [], {}, 'chat/*');
    expect(outcome(results)['chat/agent-event-flow']).toBe('missing_event');
  });

  it.each([
    [
      'drop-event:agent_completed',
      'missing_event',
      /awaiting \{event: agent_completed.*\(5 of 5\)/,
    ],
    ['reorder-events', 'missing_event', /out of order/],
    ['ws-1011-on-agent', 'ws_internal_error', /closed 1011 "Internal error"/],
  ])('%s fails the event flow with %s', async (fault, category, message) => {
    const results = await gate(ENVELOPE, [fault], { envelope: true }, 'chat/*');
    const test = results.tests.find((t) => t.id === 'chat/agent-event-flow');
    expect(test?.failure?.category).toBe(category);
    expect(test?.failure?.message).toMatch(message);
    expect(test?.failure?.message).toMatch(/^steps\[2\] \(expect\): WebSocket \/ws: /);
    expect(test?.failure?.evidence?.length).toBeGreaterThan(0);
    noSecrets(results);
  });

  it('auth-not-enforced fails the refusal check with auth_not_enforced', async () => {
    const results = await gate(ENVELOPE, ['auth-not-enforced'], { envelope: true });
    expect(outcome(results)['auth/envelope-refuses-wrong-signature']).toBe('auth_not_enforced');
    noSecrets(results);
  });
});

describe('the SSE chat example', () => {
  it('passes against the healthy SSE chat service and measures', async () => {
    const results = await gate(SSE, [], { sseChat: true });
    expect(outcome(results)).toEqual({
      'chat/answer-streams': 'passed',
      'chat/refuses-missing-token': 'passed',
      'chat/second-user': 'passed',
      'api/agents-listed': 'passed',
    });
    expect(results.metrics.find((m) => m.name === 'time_to_first_token_ms')?.samples).toBe(1);
    expect(results.metrics.find((m) => m.name === 'run_duration_ms')?.samples).toBe(1);
    noSecrets(results);
  });

  it.each([
    [
      'drop-event:run.done',
      'chat/answer-streams',
      'missing_event',
      /awaiting \{\$event: run\.done.*\(3 of 3\), the stream ended/,
    ],
    [
      'reorder-events',
      'chat/answer-streams',
      'missing_event',
      /awaiting \{\$event: token.*\(2 of 3\), got \{\$event: run\.done.*\} at \+\d+ ms: it matches element 3, out of order/,
    ],
    ['truncated-sse', 'chat/answer-streams', 'missing_event', /the stream ended/],
    [
      'slow-first-token:3000',
      'chat/answer-streams',
      'timeout',
      /the element's within 2000 ms passed/,
    ],
    ['sse-not-json', 'chat/answer-streams', 'protocol_violation', /not JSON/],
    ['http-500:/v1/chat', 'chat/answer-streams', 'http_error', /→ 500, expected 2xx/],
    ['http-404:/v1/chat', 'chat/answer-streams', 'not_found', /→ 404/],
    ['jwt-mismatch', 'chat/answer-streams', 'auth_rejected', /→ 401/],
    [
      'auth-not-enforced',
      'chat/refuses-missing-token',
      'auth_not_enforced',
      /→ 200 with no token, expected it refused/,
    ],
    [
      'wrong-content-type',
      'api/agents-listed',
      'protocol_violation',
      /sent no JSON \(content-type text\/html/,
    ],
  ])('%s fails %s with %s', async (fault, id, category, message) => {
    const results = await gate(SSE, [fault], { sseChat: true }, id);
    const test = results.tests.find((t) => t.id === id);
    expect(test?.status).toBe('failed');
    expect(test?.failure?.category).toBe(category);
    expect(test?.failure?.message).toMatch(message);
    noSecrets(results);
  });
});
