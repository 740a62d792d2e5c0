// `staging-gate sim --protocol a2a` and `demo --protocol a2a`, in-process: the banner names
// the card and the JSON-RPC URL, bad usage is exit 3 naming the flag, the demo passes the
// healthy agent and fails one with a fault, whose report names the A2A cause.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoCommand } from '../../src/cli/demo-command.js';
import { runSimCommand } from '../../src/sim/command.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-a2a-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    cli: {
      stdout: { write: (t: string) => void out.push(t), isTTY: false },
      stderr: { write: (t: string) => void err.push(t) },
      env: {},
    },
  };
}

describe('staging-gate sim --protocol a2a', () => {
  it('starts the reference A2A agent and stops on request', async () => {
    const out: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const running = runSimCommand(['--protocol', 'a2a', '--fault', 'cancel-ignored'], {
      out: (t) => {
        out.push(t);
        if (t.includes('listening')) {
          const card = /agent card: (\S+)\)/.exec(t)?.[1];
          void fetch(card ?? '').then(async (r) => {
            out.push(`card ${r.status} ${JSON.stringify(await r.json()).slice(0, 60)}`);
            stop();
          });
        }
      },
      err: (t) => out.push(t),
      env: {},
      stop: stopped,
    });
    expect(await running).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/JSON-RPC: +http:\/\/127\.0\.0\.1:\d+\/a2a\/v1/);
    expect(text).toContain('faults:     cancel-ignored');
    expect(text).toMatch(/card 200 \{"name":"staging-gate reference agent"/);
  });

  it('refuses an unknown A2A fault with exit 3, naming it', async () => {
    const err: string[] = [];
    const code = await runSimCommand(['--protocol', 'a2a', '--fault', 'ws-1011-on-agent'], {
      out: () => undefined,
      err: (t) => err.push(t),
      env: {},
    });
    expect(code).toBe(3);
    expect(err.join('')).toContain("fault 'ws-1011-on-agent': unknown A2A fault");
  });
});

describe('staging-gate demo --protocol a2a', () => {
  it('passes the healthy reference A2A agent', async () => {
    const { cli, out } = io();
    const code = await demoCommand(['--protocol', 'a2a', '--results-dir', join(dir, 'ok')], cli);
    expect(code, out.join('')).toBe(0);
  }, 60_000);

  it('fails under a fault, the report naming the A2A cause', async () => {
    const { cli, out } = io();
    const code = await demoCommand(
      ['--protocol', 'a2a', '--fault', 'never-terminal', '--results-dir', join(dir, 'bad')],
      cli,
    );
    expect(code).toBe(1);
    expect(out.join('')).toContain('missing_event');
    const report = readFileSync(join(dir, 'bad', 'report.md'), 'utf8');
    expect(report).toContain('stuck in WORKING');
  }, 60_000);
});
