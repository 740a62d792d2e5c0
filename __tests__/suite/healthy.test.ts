/**
 * The other side of every suite test: against a healthy reference service, and against
 * each variation PROTOCOL.md permits, the whole suite passes, and every metric is measured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_WS_METRICS, type TestResult } from '../../src/model.js';
import type { SimHandle } from '../../src/sim/index.js';
import {
  runTests,
  runWithMetrics,
  settingsFor,
  startScenario,
  withListedServers,
  type Scenario,
} from './harness.js';

function failures(results: Map<string, TestResult>): string[] {
  return [...results.values()]
    .filter((r) => r.status !== 'passed')
    .map(
      (r) =>
        `${r.id}: ${r.status} ${r.failure?.category ?? ''} ${r.failure?.message ?? r.skipReason ?? ''}`,
    );
}

describe('against the healthy reference service', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    // with an MCP server listed at /api/mcp/servers, so that mcp-servers has one to check
    sim = await startScenario({ sim: { mcpSim: {} } });
  });
  afterAll(() => sim.close());

  it('passes every test of priorities 1 and 2, three times in a row, measuring every metric', async () => {
    for (let round = 1; round <= 3; round++) {
      const settings = settingsFor(sim, { settings: withListedServers });
      const { results, metrics } = await runWithMetrics(settings, { priorities: [1, 2] });
      expect(results.size).toBeGreaterThanOrEqual(25);
      expect(failures(results), `round ${round}`).toEqual([]);
      for (const name of AGENT_WS_METRICS) {
        expect(metrics.histogram(name).count, name).toBeGreaterThan(0);
      }
    }
  }, 40_000);

  it('passes with a ready auth-token, skipping (and saying why) what one user cannot do', async () => {
    const minted = settingsFor(sim);
    const { createTokenSource } = await import('../../src/client/tokens.js');
    const token = await createTokenSource({
      auth: minted.auth,
      users: minted.protocol.users,
    }).tokenFor(3);
    const settings = { ...minted, auth: { kind: 'token' as const, token } };
    const results = await runTests(settings, { priorities: [1] });
    const skipped = [...results.values()].filter((r) => r.status === 'skipped');
    expect(skipped.map((r) => r.id).sort()).toEqual([
      'auth/expired-token-rejected-http',
      'auth/expired-token-rejected-ws',
      'concurrency/concurrent-user-runs',
      'isolation/concurrent-runs-isolated',
      'isolation/foreign-thread-forbidden',
      'isolation/thread-list-isolated',
    ]);
    for (const r of skipped) expect(r.skipReason).toMatch(/auth-token/);
    expect(failures(results).filter((f) => !f.includes('skipped'))).toEqual([]);
  }, 20_000);

  it('runs only the public checks without credentials, and they pass', async () => {
    const settings = { ...settingsFor(sim), auth: { kind: 'none' as const } };
    const results = await runTests(settings, { priorities: [1] });
    const ran = [...results.values()]
      .filter((r) => r.status !== 'skipped')
      .map((r) => r.id)
      .sort();
    expect(ran).toEqual([
      'auth/missing-token-rejected-http',
      'auth/missing-token-rejected-ws',
      'auth/wrong-signature-rejected-http',
      'auth/wrong-signature-rejected-ws',
      'health/api-health',
      'health/service-healthy-with-version',
      'performance/api-response-time',
    ]);
    expect(failures(results).filter((f) => !f.includes('skipped'))).toEqual([]);
  }, 20_000);
});

const VARIANTS: Array<[string, Scenario]> = [
  ['the older system_message welcome', { sim: { variant: { welcome: 'system_message' } } }],
  [
    'heartbeats between every two events and every 10 ms',
    { sim: { heartbeatMs: 10, variant: { heartbeatEverywhere: true } } },
  ],
  ['execute answering 202', { sim: { variant: { execute202: true } } }],
  ['unknown extra fields everywhere', { sim: { variant: { extraFields: true } } }],
  [
    'error_message frames and HTTP 401 for bad WebSocket tokens',
    { sim: { variant: { errorFrame: 'error_message', wsInvalidToken: 'http-401' } } },
  ],
  [
    'the token as a subprotocol only',
    {
      sim: { variant: { authTransport: ['subprotocol'] } },
      settings: (s) => ({ ...s, protocol: { ...s.protocol, authTransport: 'subprotocol' } }),
    },
  ],
  [
    'the token as a query parameter only',
    {
      sim: { variant: { authTransport: ['query'] } },
      settings: (s) => ({ ...s, protocol: { ...s.protocol, authTransport: 'query' } }),
    },
  ],
];

describe.each(VARIANTS)('with %s', (_, scenario) => {
  it('passes the whole priority-1 suite', async () => {
    const sim = await startScenario(scenario);
    try {
      const results = await runTests(settingsFor(sim, scenario), { priorities: [1] });
      expect(failures(results)).toEqual([]);
    } finally {
      await sim.close();
    }
  }, 20_000);
});
