// `staging-gate sim --protocol mcp`: starts the MCP reference server, prints the endpoint and
// the run line (never the secret), refuses bad usage with exit 3.
import { describe, expect, it } from 'vitest';
import { createMcpClient, openSession } from '../../src/agent/mcp/client.js';
import { createTokenSource } from '../../src/client/tokens.js';
import { DEFAULT_PROTOCOL } from '../../src/config/protocol.js';
import { runSimCommand } from '../../src/sim/command.js';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';

function io(env: Record<string, string> = {}) {
  const lines: string[] = [];
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  return {
    lines,
    stop,
    io: {
      out: (t: string) => void lines.push(t),
      err: (t: string) => void lines.push(t),
      env,
      stop: stopped,
    },
  };
}

describe('staging-gate sim --protocol mcp', () => {
  it('serves MCP on the printed endpoint with the version asked for, and stops', async () => {
    const run = io({ MY_SECRET: DEFAULT_SIM_SECRET });
    const done = runSimCommand(
      ['--protocol', 'mcp', '--version', 'v9', '--jwt-secret-env', 'MY_SECRET'],
      run.io,
    );
    await expect.poll(() => run.lines.join('')).toContain('endpoint:');
    const banner = run.lines.join('');
    expect(banner).not.toContain(DEFAULT_SIM_SECRET);
    expect(banner).toContain('--jwt-secret-env MY_SECRET');
    const endpoint = /endpoint: (\S+)/.exec(banner)?.[1] ?? '';
    const token = await createTokenSource({
      auth: {
        kind: 'jwt',
        secret: DEFAULT_SIM_SECRET,
        algorithm: 'HS256',
        issuer: 'staging-gate',
        claims: {},
      },
      users: DEFAULT_PROTOCOL.users,
    }).tokenFor(1);
    const session = await openSession(createMcpClient({ url: endpoint, timeoutMs: 3000 }), {
      token,
    });
    expect(session.init.serverInfo.version).toBe('v9');
    run.stop();
    expect(await done).toBe(0);
  });

  it('prints its own help, and refuses an unknown fault or protocol with exit 3', async () => {
    const help = io();
    expect(await runSimCommand(['--protocol=mcp', '--help'], help.io)).toBe(0);
    expect(help.lines.join('')).toContain('session-shared');
    const bad = io();
    expect(await runSimCommand(['--protocol', 'mcp', '--fault', 'nope'], bad.io)).toBe(3);
    expect(bad.lines.join('')).toMatch(/'nope'.*not an MCP sim fault/);
    const other = io();
    expect(await runSimCommand(['--protocol', 'a2a'], other.io)).toBe(3);
  });
});
