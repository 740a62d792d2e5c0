import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/run-command.js';
import { runSimCommand } from '../../src/sim/index.js';

function io(stop?: Promise<unknown>) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      out: (t: string) => void out.push(t),
      err: (t: string) => void err.push(t),
      env: { SIM_SECRET: 'from-env-secret-at-least-32-bytes!!' },
      stop,
    },
  };
}

describe('runSimCommand', () => {
  it('an unknown fault is exit 3 with the list of valid names', async () => {
    const c = io();
    expect(await runSimCommand(['--fault', 'nope'], c.io)).toBe(3);
    expect(c.err.join('')).toMatch(/unknown fault 'nope'; valid faults: .*ws-1011-on-agent/);
  });

  it('a bad flag is exit 3 naming the flag', async () => {
    for (const argv of [
      ['--port', 'x'],
      ['--latency', '5:a'],
      ['--bogus'],
      ['--port'],
      ['--jwt-secret-env', 'MISSING'],
      ['--welcome', 'hi'],
    ]) {
      const c = io();
      expect(await runSimCommand(argv, c.io), argv.join(' ')).toBe(3);
      expect(c.err.join(''), argv.join(' ')).toContain(argv[0]);
    }
  });

  it('--help lists the options and every fault', async () => {
    const c = io();
    expect(await runSimCommand(['--help'], c.io)).toBe(0);
    const text = c.out.join('');
    for (const name of [
      '--fault',
      '--latency',
      'ws-1011-on-agent',
      'drop-event:<type>',
      'huge-json',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('serves until stopped, prints the URLs and never the secret', async () => {
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const c = io(stopped);
    const done = runSimCommand(
      [
        '--port=0',
        '--jwt-secret-env',
        'SIM_SECRET',
        '--fault',
        'stale-version,slow-pong:5',
        '--latency',
        '1:1',
        '--version',
        'v7',
      ],
      c.io,
    );
    for (let i = 0; i < 100 && !c.out.join('').includes('WebSocket'); i++)
      await new Promise((r) => setTimeout(r, 10));
    const banner = c.out.join('');
    const baseUrl = /base URL: +(\S+)/.exec(banner)?.[1];
    expect(banner).toMatch(/WebSocket: +ws:\/\/127\.0\.0\.1:\d+\/ws/);
    expect(banner).not.toContain('from-env-secret');
    const health = (await (await fetch(`${baseUrl}/health`)).json()) as { version: string };
    expect(health.version).toBe('v7-previous');
    stop();
    expect(await done).toBe(0);
    await expect(fetch(`${baseUrl}/health`)).rejects.toThrow();
  });

  it('started without a secret, prints the run line that works against it, and it does', async () => {
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const c = io(stopped);
    const done = runSimCommand(['--port=0'], c.io);
    for (let i = 0; i < 100 && !c.out.join('').includes('Stop with'); i++)
      await new Promise((r) => setTimeout(r, 10));
    const line = /^ {2}(SIM_JWT_SECRET=\S+ staging-gate run .*)$/m.exec(c.out.join(''))?.[1];
    expect(line).toMatch(
      /^SIM_JWT_SECRET=\S+ staging-gate run --base-url http:\/\/127\.0\.0\.1:\d+ --jwt-secret-env SIM_JWT_SECRET$/,
    );
    // run exactly that line: the variable as its environment, the words after `run` as argv
    const [assignment, , , ...argv] = (line ?? '').split(' ');
    const [name, value] = assignment.split('=');
    const dir = mkdtempSync(join(tmpdir(), 'sim-line-'));
    const out: string[] = [];
    try {
      const code = await runCommand(
        // the secret is under test, not the speed of a loaded machine: perf-gate off
        [
          ...argv,
          ...['--modules', 'health,auth', '--results-dir', dir, '--wait-for-ready', '5'],
          ...['--perf-gate', 'off'],
        ],
        {
          stdout: { write: (t: string) => void out.push(t), isTTY: false },
          stderr: { write: (t: string) => void out.push(t) },
          env: { [name]: value },
        },
      );
      expect(code, out.join('')).toBe(0);
      expect(out.join('')).toMatch(/✓ auth\//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      stop();
      expect(await done).toBe(0);
    }
  });

  it('started with a secret, the run line names its variable and never shows the secret', async () => {
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const c = io(stopped);
    const done = runSimCommand(['--port=0', '--jwt-secret-env', 'SIM_SECRET'], c.io);
    for (let i = 0; i < 100 && !c.out.join('').includes('Stop with'); i++)
      await new Promise((r) => setTimeout(r, 10));
    const banner = c.out.join('');
    expect(banner).toMatch(/staging-gate run --base-url \S+ --jwt-secret-env SIM_SECRET\n/);
    expect(banner).not.toContain('from-env-secret');
    stop();
    expect(await done).toBe(0);
  });
});
