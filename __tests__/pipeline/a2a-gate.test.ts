// `protocol: a2a` end to end through the engine the action and the CLI run (runGate):
// readiness through the agent card, the A2A suite, metrics, verdict — on the healthy
// reference A2A agent, an agent on @a2a-js/sdk, a broken agent, a stale card and a missing one.
import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import { runGate } from '../../src/pipeline/run-gate.js';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';
import { startA2aSim } from '../../src/sim/a2a/index.js';
import { startSdkAgent } from '../support/a2a-sdk-agent.js';

const settingsFor = (baseUrl: string, raw: Record<string, string> = {}) =>
  parseSettings({
    'base-url': baseUrl,
    protocol: 'a2a',
    'jwt-secret': DEFAULT_SIM_SECRET,
    retries: '0',
    'wait-for-ready': '2',
    'concurrent-users': '6',
    'perf-targets': 'agent_startup_ms=5000,time_to_first_token_ms=5000,run_duration_ms=10000',
    ...raw,
  });

describe('runGate with protocol a2a', () => {
  it('passes the healthy reference A2A agent, reporting the card version and every A2A metric', async () => {
    const sim = await startA2aSim({ eventSpacingMs: 10 });
    try {
      const results = await runGate(settingsFor(sim.baseUrl, { 'expected-version': 'sim-1.0.0' }));
      expect(
        results.tests
          .filter((t) => t.status !== 'passed')
          .map((t) => `${t.id}: ${t.failure?.message}`),
      ).toEqual([]);
      expect(results.verdict, results.reason).toBe('pass');
      expect(results.target.protocol).toBe('a2a');
      expect(results.target.version).toBe('sim-1.0.0');
      expect(results.metrics.map((m) => [m.name, m.status])).toEqual([
        ['agent_startup_ms', 'met'],
        ['time_to_first_token_ms', 'met'],
        ['run_duration_ms', 'met'],
      ]);
      expect(results.summary.total).toBeGreaterThanOrEqual(20);
    } finally {
      await sim.close();
    }
  }, 60_000);

  it('passes the agent built on @a2a-js/sdk', async () => {
    const agent = await startSdkAgent({ auth: 'jwt', jwtSecret: DEFAULT_SIM_SECRET });
    try {
      const results = await runGate(settingsFor(agent.baseUrl));
      expect(results.verdict, results.reason).toBe('pass');
    } finally {
      await agent.close();
    }
  }, 60_000);

  it('fails a task that ends FAILED with agent_error', async () => {
    const sim = await startA2aSim({ eventSpacingMs: 10, faults: ['failed-task'] });
    try {
      const results = await runGate(settingsFor(sim.baseUrl, { modules: 'streaming,messaging' }));
      expect(results.verdict).toBe('fail');
      const stream = results.tests.find((t) => t.id === 'streaming/task-stream');
      expect(stream?.failure?.category).toBe('agent_error');
      expect(results.patterns.some((p) => p.category === 'agent_error')).toBe(true);
    } finally {
      await sim.close();
    }
  }, 60_000);

  it('never grades a stale card (stale_deploy) or a missing one: inconclusive', async () => {
    for (const fault of ['stale-card-version', 'card-missing']) {
      const sim = await startA2aSim({ faults: [fault] });
      try {
        const results = await runGate(
          settingsFor(sim.baseUrl, { 'expected-version': 'sim-1.0.0', 'wait-for-ready': '1' }),
        );
        expect(results.verdict, fault).toBe('inconclusive');
        expect(
          results.tests.every((t) => t.status === 'skipped'),
          fault,
        ).toBe(true);
        if (fault === 'stale-card-version')
          expect(results.reason).toMatch(/sim-0\.9\.0-previous|sim-1\.0\.0/);
      } finally {
        await sim.close();
      }
    }
  }, 60_000);

  it('tests the agent-url it is given instead of the card’s', async () => {
    const sim = await startA2aSim({ faults: ['card-invalid'] });
    try {
      // the card is broken, but readiness only needs it to parse; agent-url skips the card's interface
      const results = await runGate(
        settingsFor(sim.baseUrl, { 'agent-url': sim.agentUrl, modules: 'streaming,errors' }),
      );
      expect(results.verdict, results.reason).toBe('pass');
    } finally {
      await sim.close();
    }
  }, 60_000);
});
