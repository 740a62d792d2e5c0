/**
 * A load test holds one abort listener per socket and frame wait on its attempt's signal:
 * that must not read to Node as a listener leak (MaxListenersExceededWarning on stderr).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimHandle } from '../../src/sim/index.js';
import { runTests, settingsFor } from './harness.js';

describe('the attempt signal under load', () => {
  let sim: SimHandle;
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => void warnings.push(w);
  beforeAll(async () => {
    sim = await startSim({ eventSpacingMs: 2, heartbeatMs: 0 });
    process.on('warning', onWarning);
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    await sim.close();
  });

  it('20 users at once raise no MaxListenersExceededWarning', async () => {
    const settings = settingsFor(sim, {}, { 'concurrent-users': '20' });
    const results = await runTests(settings, { ids: ['concurrency/concurrent-user-runs'] });
    expect(results.get('concurrency/concurrent-user-runs')?.status).toBe('passed');
    // warnings are emitted on the next tick
    await new Promise((r) => setImmediate(r));
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
