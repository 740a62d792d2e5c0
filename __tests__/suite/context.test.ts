import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceEntry, MetricName } from '../../src/model.js';
import type { SimHandle } from '../../src/sim/index.js';
import { createSuiteContext, type SuiteContextFactory } from '../../src/suite/context.js';
import { createChecks, statusCategory } from '../../src/suite/checks.js';
import type { AttemptScope } from '../../src/suite/types.js';
import { DEFAULT_PROTOCOL } from '../../src/config/protocol.js';
import { GateError } from '../../src/model.js';
import { settingsFor, startScenario } from './harness.js';

function scope(): AttemptScope & {
  samples: Array<[MetricName, number]>;
  lines: EvidenceEntry[];
  abort: AbortController;
} {
  const samples: Array<[MetricName, number]> = [];
  const lines: EvidenceEntry[] = [];
  const abort = new AbortController();
  return {
    samples,
    lines,
    abort,
    test: { id: 't/t', module: 't', title: 't', priority: 1, run: async () => undefined },
    attempt: 1,
    signal: abort.signal,
    metrics: { record: (name, ms) => samples.push([name, ms]) },
    evidence: { add: (dir, text) => lines.push({ atMs: 0, dir, text }), entries: () => lines },
  };
}

describe('createSuiteContext', () => {
  let sim: SimHandle;
  let factory: SuiteContextFactory;
  const secrets: string[] = [];
  beforeAll(async () => {
    sim = await startScenario({});
    factory = createSuiteContext(settingsFor(sim), { onSecret: (s) => secrets.push(s) });
  });
  afterAll(async () => {
    factory.close();
    await sim.close();
  });

  it('records real samples for GETs, idle pings and runs, and none for unmeasured sessions', async () => {
    const s = scope();
    const ctx = factory(s);
    const user = await ctx.users.get(1);
    await ctx.http.get(ctx.protocol.paths.apiHealth);
    await ctx.http.post(ctx.protocol.paths.threads, { title: 'x' }, { token: user.token });
    const session = await ctx.connect(user);
    await session.ping();
    await session.startAgent('hello');
    await session.userMessage('hello again');
    const quiet = await ctx.connect(user, { measure: false });
    await quiet.ping();
    await ctx.dispose();
    expect(s.samples.map(([name]) => name)).toEqual([
      'api_response_ms',
      'ws_latency_ms',
      'agent_startup_ms',
      'message_processing_ms',
    ]);
    for (const [, ms] of s.samples) expect(ms).toBeGreaterThan(0);
    expect(session.isOpen).toBe(false);
    expect(quiet.isOpen).toBe(false);
  });

  it('hands every token to onSecret before use and keeps tokens out of the evidence', async () => {
    const s = scope();
    const ctx = factory(s);
    const user = await ctx.users.get(2);
    expect(secrets).toContain(user.token);
    const bad = await ctx.users.wrongSigned();
    expect(secrets).toContain(bad);
    await ctx.http.get(ctx.protocol.paths.agents, { token: user.token });
    const session = await ctx.connect(user);
    session.send({ type: 'ping', id: 'x', note: user.token });
    await ctx.dispose();
    const text = s.lines.map((l) => l.text).join('\n');
    expect(s.lines.length).toBeGreaterThan(2);
    expect(text).not.toContain(user.token.split('.')[2]);
  });

  it('closes the sessions of an attempt whose signal aborts', async () => {
    const s = scope();
    const ctx = factory(s);
    const session = await ctx.connect(await ctx.users.get(1));
    s.abort.abort();
    await session.raw.awaitClose(1_000);
    expect(session.isOpen).toBe(false);
  });
});

describe('checks', () => {
  const check = createChecks(DEFAULT_PROTOCOL);
  const res = (status: number) => ({
    method: 'GET' as const,
    path: '/p',
    status,
    headers: {},
    body: undefined,
    text: 'nope',
    durationMs: 3,
  });

  it.each([
    [401, 'auth_rejected'],
    [403, 'auth_rejected'],
    [404, 'not_found'],
    [429, 'http_error'],
    [500, 'http_error'],
    [502, 'service_unavailable'],
    [503, 'service_unavailable'],
    [504, 'service_unavailable'],
    [302, 'http_error'],
  ] as const)(
    'expectStatus: %i → %s, with the status and path in the facts',
    (status, category) => {
      expect(statusCategory(status)).toBe(category);
      let err: unknown;
      try {
        check.expectStatus(res(status), 200, 'x');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GateError);
      expect((err as GateError).category).toBe(category);
      expect((err as GateError).facts.httpStatus).toBe(status);
      expect((err as GateError).message).toContain('GET /p → ' + status);
    },
  );

  it('expectStatus passes an expected status', () => {
    expect(() => check.expectStatus(res(202), [200, 202])).not.toThrow();
  });
});
