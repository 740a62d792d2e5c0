/**
 * Patterns from real runs: the whole priority-1 suite against the reference service with a
 * fault, grouped the way the gate groups them. One fault is one pattern, however many tests
 * it breaks; the seed incident's two faults are two.
 */
import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/model.js';
import { runGate } from '../../src/pipeline/run-gate.js';
import { settingsFor, startScenario } from '../suite/harness.js';

async function gateWith(faults: string[]): Promise<Results> {
  const sim = await startScenario({ faults });
  try {
    return await runGate({ ...settingsFor(sim), retries: 0, priorities: [1] });
  } finally {
    await sim.close();
  }
}

describe('patterns of a real run', () => {
  it('drop-event:tool_completed: every failed test in one pattern, named by the missing event', async () => {
    const results = await gateWith(['drop-event:tool_completed']);
    const failed = results.tests.filter((t) => t.status === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(5);
    expect(results.patterns).toHaveLength(1);
    expect(results.patterns[0]).toMatchObject({
      category: 'missing_event',
      count: failed.length,
      tests: expect.arrayContaining(failed.map((t) => t.id)) as unknown,
    });
    expect(results.patterns[0].signature).toMatch(/tool_executing .* never got its tool_completed/);
  }, 40_000);

  it('the seed incident: two patterns, the 1011 close and the failing /api/mcp/servers', async () => {
    const results = await gateWith(['ws-1011-on-agent', 'http-500:/api/mcp/servers']);
    expect(results.patterns.map((p) => p.category)).toEqual(['ws_internal_error', 'http_error']);
    expect(results.patterns[0].signature).toBe('received 1011 (internal error) Internal error');
    expect(results.patterns[1].signature).toMatch(/^GET \/api\/mcp\/servers → 500/);
    expect(results.patterns[0].count).toBeGreaterThanOrEqual(5);
  }, 40_000);
});
