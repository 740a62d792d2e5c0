/**
 * `staging-gate run` in-process: its exit code follows the one rule (gateOutcome), so
 * `--on-inconclusive` means the same here as in the action.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type CliIO } from '../../src/cli/run-command.js';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';

const root = mkdtempSync(join(tmpdir(), 'sg-run-cli-'));
let closedUrl: string;

beforeAll(async () => {
  // a port that was just free: nothing listens there, so readiness never succeeds
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  closedUrl = `http://127.0.0.1:${port}`;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(...flags: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: { write: (t) => void out.push(t), isTTY: false },
    stderr: { write: (t) => void err.push(t) },
    env: { CI: 'true', SECRET: DEFAULT_SIM_SECRET },
  };
  const code = await runCommand(
    [
      '--base-url',
      closedUrl,
      '--jwt-secret-env',
      'SECRET',
      '--wait-for-ready',
      '0.3',
      '--modules',
      'health',
      '--results-dir',
      join(root, Math.random().toString(36).slice(2)),
      '-q',
      ...flags,
    ],
    io,
  );
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('staging-gate run exit codes', () => {
  it('an inconclusive run exits 2 by default, and 0 with a warning under on-inconclusive pass or neutral', async () => {
    const byDefault = await run();
    expect(byDefault.code).toBe(2);
    expect(byDefault.stderr).not.toMatch(/warning: inconclusive/);
    for (const mode of ['pass', 'neutral']) {
      const r = await run('--on-inconclusive', mode);
      expect(r.code, mode).toBe(0);
      expect(r.stderr).toMatch(
        new RegExp(
          `warning: inconclusive \\(service unreachable.*\\); exit 0 because on-inconclusive is ${mode}`,
        ),
      );
    }
    expect((await run('--on-inconclusive', 'fail')).code).toBe(2);
  }, 20_000);

  it('a selection needing credentials, given none, exits 3 naming jwt-secret', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCommand(['--base-url', closedUrl], {
      stdout: { write: (t) => void out.push(t), isTTY: false },
      stderr: { write: (t) => void err.push(t) },
      env: {},
    });
    expect(code).toBe(3);
    expect(err.join('')).toMatch(
      /Input 'jwt-secret': 27 of the 34 selected tests need credentials/,
    );
    expect(out.join('')).toBe('');
  });
});
