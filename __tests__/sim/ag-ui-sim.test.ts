/**
 * The reference AG-UI service's fault catalog and options, and our copy of the AG-UI event
 * names against @ag-ui/core's own (the runtime does not import it).
 */
import { EventType } from '@ag-ui/core';
import { describe, expect, it } from 'vitest';
import { AG_UI_EVENT_TYPES } from '../../src/agent/ag-ui/wire.js';
import { AG_UI_FAULTS, parseAgUiFaults, startAgUiSim } from '../../src/sim/ag-ui/index.js';
import { SimUsageError } from '../../src/sim/index.js';

describe('the AG-UI fault catalog', () => {
  it('has the faults the issue names, each with a description and a symptom', () => {
    const names = AG_UI_FAULTS.map((f) => f.name);
    for (const n of [
      'truncated',
      'run-error',
      'unbalanced-message',
      'events-after-finish',
      'invalid-tool-args',
      'buffered',
      'slow-first-token',
      'crossed-runs',
      'auth-not-enforced',
      'jwt-mismatch',
      'wrong-content-type',
      'stall',
    ]) {
      expect(names).toContain(n);
    }
    for (const f of AG_UI_FAULTS)
      expect(f.description.length * f.symptom.length).toBeGreaterThan(0);
  });

  it('parses arguments and refuses what it does not know, naming it', () => {
    expect(parseAgUiFaults(['slow-first-token:250,stall']).slowFirstTokenMs).toBe(250);
    expect(() => parseAgUiFaults(['nope'])).toThrow(/unknown AG-UI fault 'nope'/);
    expect(() => parseAgUiFaults(['slow-first-token'])).toThrow(SimUsageError);
    expect(() => parseAgUiFaults(['stall:3'])).toThrow(/takes no argument/);
  });

  it('refuses a bad fault before listening', async () => {
    await expect(startAgUiSim({ faults: ['bogus'] })).rejects.toBeInstanceOf(SimUsageError);
  });
});

describe('AG-UI event names', () => {
  it('are exactly @ag-ui/core EventType', () => {
    expect([...AG_UI_EVENT_TYPES].sort()).toEqual(Object.values(EventType).sort());
  });
});
