/**
 * A cancelled run (in-process): the engine returns at once with what finished, the rest
 * not run, verdict inconclusive, reason `cancelled (SIGTERM) …`; and the signal trap.
 */
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import { trapCancelSignals } from '../../src/pipeline/cancel.js';
import { CANCELLED_SKIP, runGate } from '../../src/pipeline/run-gate.js';
import { DEFAULT_SIM_SECRET, startSim, type SimHandle } from '../../src/sim/index.js';

let sim: SimHandle;
beforeAll(async () => {
  // every agent run waits 20 s for agent_started: the run is surely mid-way when cancelled
  sim = await startSim({ faults: ['slow-agent-start:20000'], heartbeatMs: 0 });
});
afterAll(() => sim.close());

const settings = () =>
  parseSettings({
    'base-url': sim.baseUrl,
    'jwt-secret': DEFAULT_SIM_SECRET,
    'wait-for-ready': '5',
    retries: '0',
  });

describe('runGate with a signal', () => {
  it('returns soon after the abort, keeping finished results and marking the rest not run', async () => {
    const controller = new AbortController();
    let abortedAt = 0; // set once, proving the abort happened mid-run
    const results = await runGate(settings(), {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'run' && e.event.type === 'test-end' && e.event.result.status === 'passed') {
          if (!controller.signal.aborted) {
            abortedAt = Date.now();
            controller.abort('SIGTERM');
          }
        }
      },
    });
    expect(abortedAt).toBeGreaterThan(0);
    expect(results.verdict).toBe('inconclusive');
    expect(results.reason).toMatch(/^cancelled \(SIGTERM\): \d+ of 34 tests ran, \d+ did not$/);
    const ran = results.tests.filter((t) => t.status !== 'skipped');
    const notRun = results.tests.filter((t) => t.status === 'skipped');
    expect(ran.length).toBeGreaterThan(0);
    expect(notRun.length).toBeGreaterThan(0);
    expect(notRun.every((t) => t.skipReason === CANCELLED_SKIP)).toBe(true);
    // the agent runs, each held 20 s by the fault, were abandoned, not waited for
    expect(notRun.map((t) => t.id)).toContain('websocket-events/agent-event-flow');
    expect(results.tests).toHaveLength(34);
  }, 30_000);

  it('cancelled during the readiness wait: nothing graded, still inconclusive as cancelled', async () => {
    const starting = await startSim({ faults: ['startup-503'], startupMs: 600_000 });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort('SIGINT'), 300);
      const results = await runGate(
        parseSettings({
          'base-url': starting.baseUrl,
          'jwt-secret': DEFAULT_SIM_SECRET,
          'wait-for-ready': '60',
        }),
        { signal: controller.signal },
      );
      expect(results.verdict).toBe('inconclusive');
      expect(results.reason).toBe('cancelled (SIGINT): 0 of 34 tests ran, 34 did not');
      expect(results.readiness?.ready).toBe(false);
    } finally {
      await starting.close();
    }
  }, 30_000);
});

describe('trapCancelSignals', () => {
  it('aborts on the first signal, exits on the second, and lets go when released', () => {
    const target = Object.assign(new EventEmitter(), { exit: (code: number) => exits.push(code) });
    const exits: number[] = [];
    const said: string[] = [];
    const trap = trapCancelSignals({
      target: target as unknown as Pick<NodeJS.Process, 'on' | 'off' | 'exit'>,
      onCancel: (s) => said.push(s),
    });
    expect(trap.signal.aborted).toBe(false);
    target.emit('SIGTERM');
    expect([trap.signal.aborted, trap.signal.reason, trap.cause, said]).toEqual([
      true,
      'SIGTERM',
      'SIGTERM',
      ['SIGTERM'],
    ]);
    expect(exits).toEqual([]);
    target.emit('SIGINT');
    expect(exits).toEqual([130]);
    trap.release();
    expect(target.listenerCount('SIGINT') + target.listenerCount('SIGTERM')).toBe(0);
  });
});
