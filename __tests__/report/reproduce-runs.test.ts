// The footer's reproduce commands must work as printed: a secret our own input check
// accepts, faults the sim knows.
import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import { renderReport } from '../../src/report/index.js';
import { parseFaults } from '../../src/sim/index.js';
import { seedIncident } from './fixtures.js';

describe('the reproduce footer', () => {
  it('gives a secret and faults that staging-gate itself accepts', () => {
    const md = renderReport(seedIncident(), { budget: 'comment' });
    const secret = /export SIM_SECRET=(\S+)/.exec(md)?.[1];
    expect(secret).toBeDefined();
    const faults = [...md.matchAll(/--fault (\S+)/g)].map((m) => m[1]);
    expect(faults.length).toBeGreaterThan(0);
    expect(() => parseFaults(faults)).not.toThrow();
    expect(() =>
      parseSettings({ 'base-url': 'http://127.0.0.1:8080', 'jwt-secret': secret }),
    ).not.toThrow();
  });
});
