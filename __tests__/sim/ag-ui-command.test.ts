/**
 * `staging-gate sim --protocol ag-ui` (its banner's run line, its faults, its bad usage) and
 * `demo --protocol ag-ui` (passes the healthy service, fails one with a fault).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoCommand } from '../../src/cli/demo-command.js';
import { runSimCommand } from '../../src/sim/index.js';

function capture() {
  let out = '';
  let err = '';
  return {
    io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) },
    out: () => out,
    err: () => err,
  };
}

describe('staging-gate sim --protocol ag-ui', () => {
  it('starts the AG-UI service, prints a run line that names the protocol and the endpoint, and refuses a missing token', async () => {
    const c = capture();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const done = runSimCommand(['--protocol', 'ag-ui', '--fault', 'run-error'], {
      ...c.io,
      env: {},
      stop: stopped,
    });
    for (let i = 0; i < 100 && !c.out().includes('Stop with'); i++)
      await new Promise((r) => setTimeout(r, 20));
    const agentUrl = /POST (http:\/\/127\.0\.0\.1:\d+\/agent)/.exec(c.out())?.[1];
    expect(agentUrl).toBeDefined();
    expect(c.out()).toContain('--protocol ag-ui');
    expect(c.out()).toContain('faults:    run-error');
    const res = await fetch(agentUrl ?? '', { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    stop();
    expect(await done).toBe(0);
  });

  it('refuses an unknown fault and an unknown protocol with exit code 3', async () => {
    const a = capture();
    expect(await runSimCommand(['--protocol=ag-ui', '--fault', 'nope'], { ...a.io, env: {} })).toBe(
      3,
    );
    expect(a.err()).toContain("unknown AG-UI fault 'nope'");
    const b = capture();
    expect(await runSimCommand(['--protocol', 'soap'], { ...b.io, env: {} })).toBe(3);
    expect(b.err()).toContain("got 'soap'");
  });

  it('prints its own help, with the AG-UI faults', async () => {
    const c = capture();
    expect(await runSimCommand(['--protocol', 'ag-ui', '--help'], { ...c.io, env: {} })).toBe(0);
    expect(c.out()).toContain('slow-first-token:<ms>');
  });
});

describe('staging-gate demo --protocol ag-ui', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-ag-ui-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (out: string[]) => ({
    stdout: { write: (t: string) => void out.push(t), isTTY: false },
    stderr: { write: (t: string) => void out.push(t) },
    env: {},
  });

  it('passes the healthy reference AG-UI service', async () => {
    const out: string[] = [];
    const code = await demoCommand(
      ['--protocol', 'ag-ui', '--results-dir', join(dir, 'ok')],
      cli(out),
    );
    expect(code, out.join('')).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'ok', 'results.json'), 'utf8')) as {
      target: { protocol: string };
    };
    expect(results.target.protocol).toBe('ag-ui');
  }, 60_000);

  it('fails under a fault with its category', async () => {
    const out: string[] = [];
    const code = await demoCommand(
      ['--protocol', 'ag-ui', '--fault', 'truncated', '--results-dir', join(dir, 'bad')],
      cli(out),
    );
    expect(code).toBe(1);
    expect(out.join('')).toContain('missing_event');
  }, 60_000);
});
