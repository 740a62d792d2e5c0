/**
 * Sims with faults for one test file: each test starts the ones it needs, and every sim
 * and probe socket is closed after each test.
 */
import { afterEach } from 'vitest';
import { startSim, type SimHandle, type SimInit } from '../../src/sim/index.js';
import { closeProbes, SECRET } from './wire.js';

export function useFaultySims(): (faults: string[], init?: SimInit) => Promise<SimHandle> {
  const sims: SimHandle[] = [];
  afterEach(async () => {
    closeProbes();
    await Promise.all(sims.splice(0).map((s) => s.close()));
  });
  return async (faults, init = {}) => {
    const s = await startSim({
      jwtSecret: SECRET,
      eventSpacingMs: 2,
      heartbeatMs: 0,
      faults,
      ...init,
    });
    sims.push(s);
    return s;
  };
}
