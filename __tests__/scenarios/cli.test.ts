// "Done when": `staging-gate run --protocol custom --base-url URL --suite-config gate.yml
// --jwt-secret-env VAR` passes a service we have never seen when healthy and fails a break
// with the right category — the command line in-process, a YAML file on disk, real files out.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Results } from '../../src/model.js';
import { DEFAULT_SIM_SECRET, startSim, type SimHandle } from '../../src/sim/index.js';

let sim: SimHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function cli(
  faults: string[],
): Promise<{ code: number; results: Results; out: string; files: string }> {
  sim = await startSim({ faults, variant: { sseChat: true }, eventSpacingMs: 5 });
  const dir = mkdtempSync(join(tmpdir(), 'sg-scenarios-'));
  cpSync('docs/examples/sse-chat.yml', join(dir, 'gate.yml'));
  let out = '';
  const io = {
    stdout: { write: (t: string) => void (out += t), isTTY: false },
    stderr: { write: (t: string) => void (out += t) },
    env: { GATE_SECRET: DEFAULT_SIM_SECRET },
  };
  const code = await main(
    [
      'run',
      '--protocol',
      'custom',
      '--base-url',
      sim.baseUrl,
      '--suite-config',
      join(dir, 'gate.yml'),
      '--jwt-secret-env',
      'GATE_SECRET',
      '--results-dir',
      join(dir, 'out'),
      '--wait-for-ready',
      '5',
      '--retries',
      '0',
      '--comment',
      'off',
      '--perf-gate',
      'off',
    ],
    io,
  );
  const read = (f: string) => readFileSync(join(dir, 'out', f), 'utf8');
  const results = JSON.parse(read('results.json')) as Results;
  return {
    code,
    results,
    out,
    files: read('results.json') + read('report.md') + read('junit.xml') + out,
  };
}

describe('staging-gate run --protocol custom', () => {
  it('passes the healthy SSE chat service with exit 0', async () => {
    const { code, results, files } = await cli([]);
    expect(code).toBe(0);
    expect(results.verdict).toBe('pass');
    expect(results.summary.passed).toBe(4);
    expect(files).not.toContain(DEFAULT_SIM_SECRET);
    expect(files).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
  });

  it('fails a reordered stream with exit 1 and missing_event, secrets kept out of every file', async () => {
    const { code, results, files } = await cli(['reorder-events']);
    expect(code).toBe(1);
    const t = results.tests.find((x) => x.id === 'chat/answer-streams');
    expect(t?.failure?.category).toBe('missing_event');
    expect(t?.failure?.evidence?.some((e) => e.text.includes('run.done'))).toBe(true);
    expect(files).toContain('chat/answer-streams');
    expect(files).not.toContain(DEFAULT_SIM_SECRET);
    expect(files).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
  });

  it('expected-version without health-path is a bad input, exit 3, before any request', async () => {
    sim = await startSim({ variant: { sseChat: true } });
    let out = '';
    const io = {
      stdout: { write: (t: string) => void (out += t), isTTY: false },
      stderr: { write: (t: string) => void (out += t) },
      env: {},
    };
    const code = await main(
      [
        'run',
        '--protocol',
        'custom',
        '--base-url',
        sim.baseUrl,
        '--expected-version',
        'abc',
        '--suite-config',
        'docs/examples/sse-chat.yml',
        '--comment',
        'off',
      ],
      io,
    );
    expect(code).toBe(3);
    expect(out).toMatch(/expected-version.*protocol custom reports no version without health-path/);
    expect(sim.stats().httpRequests).toBe(0);
  });
});
