/**
 * `protocol: ag-ui` end to end through the engine: readiness through the AG-UI endpoint,
 * the AG-UI suite, metrics, verdict, and the files (results.json names the protocol), on the
 * healthy reference service and under a fault.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import type { Results } from '../../src/model.js';
import { writeArtifacts } from '../../src/pipeline/artifacts.js';
import { runGate } from '../../src/pipeline/run-gate.js';
import { startAgUiSim } from '../../src/sim/ag-ui/index.js';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function gate(
  faults: string[],
  extra: Record<string, string> = {},
): Promise<{ results: Results; dir: string }> {
  const sim = await startAgUiSim({ eventSpacingMs: 5, faults });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'ag-ui-gate-'));
    dirs.push(dir);
    const settings = parseSettings({
      'base-url': sim.baseUrl,
      protocol: 'ag-ui',
      'agent-url': sim.agentUrl,
      'jwt-secret': DEFAULT_SIM_SECRET,
      'wait-for-ready': '2',
      'concurrent-users': '6',
      retries: '0',
      'results-dir': dir,
      ...extra,
    });
    const results = await runGate(settings);
    writeArtifacts(results, dir, [DEFAULT_SIM_SECRET]);
    return { results, dir };
  } finally {
    await sim.close();
  }
}

describe('runGate with protocol ag-ui', () => {
  it('passes the healthy service and writes results.json naming the protocol', async () => {
    const { results, dir } = await gate([]);
    expect(results.verdict, results.reason).toBe('pass');
    expect(results.target.protocol).toBe('ag-ui');
    expect(results.readiness?.ready).toBe(true);
    const failed = results.tests.filter((t) => t.status === 'failed');
    expect(failed).toEqual([]);
    // the tool checks are skipped without a toolPrompt, and say so
    expect(results.tests.find((t) => t.id === 'tools/args-are-json')).toMatchObject({
      status: 'skipped',
      skipReason: expect.stringContaining('toolPrompt'),
    });
    expect(results.metrics.map((m) => m.name)).toEqual([
      'agent_startup_ms',
      'time_to_first_token_ms',
      'run_duration_ms',
    ]);
    for (const m of results.metrics) expect(m.samples, m.name).toBeGreaterThan(0);
    const written = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
    expect(written.target.protocol).toBe('ag-ui');
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('run-events');
    expect(readFileSync(join(dir, 'results.json'), 'utf8')).not.toContain(DEFAULT_SIM_SECRET);
  }, 60_000);

  it('fails a service whose runs end in RUN_ERROR, as agent_error', async () => {
    const { results, dir } = await gate(['run-error']);
    expect(results.verdict).toBe('fail');
    const run = results.tests.find((t) => t.id === 'run-events/ordered-run');
    expect(run?.failure?.category).toBe('agent_error');
    expect(results.patterns.some((p) => p.category === 'agent_error')).toBe(true);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('agent_error');
  }, 60_000);

  it('is inconclusive when the AG-UI endpoint never answers below 500', async () => {
    const { results } = await gate(['startup-503'], { 'wait-for-ready': '1' });
    expect(results.verdict).toBe('inconclusive');
    expect(results.readiness?.ready).toBe(false);
  }, 30_000);
});
