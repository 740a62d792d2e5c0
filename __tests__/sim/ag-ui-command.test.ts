/** `staging-gate sim --protocol ag-ui`: its banner's run line, its faults, its bad usage. */
import { describe, expect, it } from 'vitest';
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
