/**
 * `staging-gate demo`: a misspelt fault or flag is refused before anything starts, with the
 * nearest name; `--expected-version` makes `--fault stale-version` a gate that does not pass.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_VERSION, demoCommand } from '../../src/cli/demo-command.js';
import { EXIT } from '../../src/cli/run-command.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function demo(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await demoCommand(argv, {
    stdout: { write: (t: string) => void out.push(t), isTTY: false },
    stderr: { write: (t: string) => void err.push(t) },
    env: {},
  });
  return { code, out: out.join(''), err: err.join('') };
}

describe('demoCommand', () => {
  it('a misspelt fault is a usage error naming the nearest fault', async () => {
    const r = await demo(['--fault', 'ws-1011-on-agnet']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain("unknown fault 'ws-1011-on-agnet'; did you mean 'ws-1011-on-agent'?");
    expect(r.out).toBe('');
  });

  it('a fault nothing resembles lists the valid ones', async () => {
    const r = await demo(['--fault', 'zzz']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/unknown fault 'zzz'; valid faults: .*stale-version/);
  });

  it('a misspelt flag names the nearest flag', async () => {
    const r = await demo(['--expected-versoin', DEMO_VERSION]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain(
      "unknown flag '--expected-versoin'; did you mean '--expected-version'?",
    );
  });

  it('--fault stale-version with --expected-version is a gate that does not pass, saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-stale-'));
    dirs.push(dir);
    const r = await demo([
      '--fault',
      'stale-version',
      '--expected-version',
      DEMO_VERSION,
      '--wait-for-ready',
      '1',
      '--modules',
      'health',
      '--results-dir',
      dir,
    ]);
    expect(r.code).not.toBe(EXIT.pass);
    expect(r.code).not.toBe(EXIT.usage);
    expect(r.out).toContain(`expected '${DEMO_VERSION}'`);
    expect(r.out).toContain(`reports version '${DEMO_VERSION}-previous'`);
  });
});
