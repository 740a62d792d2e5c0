import { describe, expect, it } from 'vitest';
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
});
