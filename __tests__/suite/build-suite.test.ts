import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL, type ExtraHttpTest } from '../../src/config/protocol.js';
import type { SimHandle } from '../../src/sim/index.js';
import { buildSuite } from '../../src/suite/index.js';
import { runTests, settingsFor, startScenario } from './harness.js';

const extra = (over: Partial<ExtraHttpTest>): ExtraHttpTest => ({
  id: 'extra/x',
  module: 'extra',
  title: 'x',
  priority: 1,
  method: 'GET',
  path: '/api/health',
  auth: false,
  expectStatus: [200],
  expectKeys: [],
  ...over,
});

describe('buildSuite', () => {
  const modules = buildSuite(DEFAULT_PROTOCOL);
  const tests = modules.flatMap((m) => m.tests);

  it('has at least 25 priority-1 tests in at least 8 modules, with unique ids and titles', () => {
    const p1 = tests.filter((t) => t.priority === 1);
    expect(p1.length).toBeGreaterThanOrEqual(25);
    expect(new Set(p1.map((t) => t.module)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(tests.map((t) => t.id)).size).toBe(tests.length);
    for (const m of modules) {
      expect(m.title).not.toBe('');
      for (const t of m.tests) expect(t.id).toBe(`${m.id}/${t.id.split('/')[1]}`);
    }
  });

  it('declares what each test needs from the credentials', () => {
    const needs = (id: string) => tests.find((t) => t.id === id)?.requires ?? [];
    expect(needs('auth/expired-token-rejected-ws')).toContain('minting');
    expect(needs('isolation/concurrent-runs-isolated')).toContain('second-user');
    expect(needs('auth/wrong-signature-rejected-ws')).toEqual([]);
    expect(needs('health/api-health')).toEqual([]);
  });

  it('adds extra tests to their module, or to a new one, and refuses a clash with a built-in id', () => {
    const withExtra = buildSuite({
      ...DEFAULT_PROTOCOL,
      extraTests: [extra({}), extra({ id: 'health/version-json', module: 'health' })],
    });
    expect(withExtra.find((m) => m.id === 'extra')?.tests.map((t) => t.id)).toEqual(['extra/x']);
    expect(withExtra.find((m) => m.id === 'health')?.tests.map((t) => t.id)).toContain(
      'health/version-json',
    );
    expect(() =>
      buildSuite({
        ...DEFAULT_PROTOCOL,
        extraTests: [extra({ id: 'health/api-health', module: 'health' })],
      }),
    ).toThrow(/already a built-in/);
  });
});

describe('extra tests against the reference service', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startScenario({});
  });
  afterAll(() => sim.close());

  it('pass when the status and keys match, and fail with the category otherwise', async () => {
    const base = settingsFor(sim);
    const settings = {
      ...base,
      protocol: {
        ...base.protocol,
        extraTests: [
          extra({ id: 'extra/ok', expectKeys: ['status'] }),
          extra({ id: 'extra/key', expectKeys: ['uptime'] }),
          extra({ id: 'extra/route', path: '/api/nope' }),
          extra({ id: 'extra/authed', path: '/api/agents', auth: true, expectKeys: ['agents'] }),
          extra({
            id: 'extra/post',
            method: 'POST',
            path: '/api/threads',
            auth: true,
            body: { title: 't' },
            expectStatus: [201],
          }),
        ],
      },
    };
    const results = await runTests(settings, {
      ids: ['extra/ok', 'extra/key', 'extra/route', 'extra/authed', 'extra/post'],
    });
    expect(results.get('extra/ok')?.status).toBe('passed');
    expect(results.get('extra/authed')?.status).toBe('passed');
    expect(results.get('extra/post')?.status).toBe('passed');
    expect(results.get('extra/key')?.failure?.category).toBe('protocol_violation');
    expect(results.get('extra/route')?.failure?.category).toBe('not_found');
  });
});
