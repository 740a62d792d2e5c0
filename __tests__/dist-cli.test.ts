// The bundled CLI as a user runs it: `node dist/cli.js …`, no TypeScript, and for --help and
// sim, not even node_modules.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../src/model.js';
import { formatMetricMs } from '../src/report/units.js';
import { DEFAULT_SIM_SECRET, startSim, type SimHandle } from '../src/sim/index.js';

const CLI = resolve('dist/cli.js');

function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, CI: 'true', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('dist/cli.js without node_modules', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sg-nomods-'));
    cpSync('dist', join(dir, 'dist'), { recursive: true });
  });

  it('prints help', () => {
    const out = execFileSync(process.execPath, [join(dir, 'dist', 'cli.js'), '--help'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(out).toContain('staging-gate run --base-url URL');
  });

  it('starts the sim, which answers /health', async () => {
    const child = spawn(
      process.execPath,
      [join(dir, 'dist', 'cli.js'), 'sim', '--port', '0', '--version', 'nomods-1'],
      {
        cwd: dir,
      },
    );
    try {
      const url = await new Promise<string>((done, fail) => {
        let out = '';
        const timer = setTimeout(() => fail(new Error(`sim printed no URL: ${out}`)), 15_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
          if (m) {
            clearTimeout(timer);
            done(m[0]);
          }
        });
      });
      const res = await fetch(`${url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'healthy', version: 'nomods-1' });
    } finally {
      child.kill('SIGINT');
    }
  });
});

describe('dist/cli.js usage', () => {
  it('exits 3 on an unknown command', () => {
    const r = spawnSync(process.execPath, [CLI, 'frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('exits 3 naming the input on a bad value, before any request', () => {
    const r = spawnSync(
      process.execPath,
      [CLI, 'run', '--base-url', 'http://127.0.0.1:9', '--max-failure-rate', 'abc'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("'max-failure-rate'");
  });
});

describe('staging-gate run against the seed incident', () => {
  let sim: SimHandle;
  let healthy: SimHandle;
  beforeAll(async () => {
    sim = await startSim({
      faults: ['ws-1011-on-agent', 'http-500:/api/mcp/servers'],
      version: 'seed-1',
    });
    healthy = await startSim({ version: 'ok-1' });
  });
  afterAll(async () => {
    await sim.close();
    await healthy.close();
  });

  it('fails with exit 1 and a report whose numbers are those of results.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-seed-'));
    const r = await runCli(
      [
        'run',
        '--base-url',
        sim.baseUrl,
        '--jwt-secret-env',
        'SG_TEST_SECRET',
        '--results-dir',
        dir,
        '--wait-for-ready',
        '5',
      ],
      { SG_TEST_SECRET: DEFAULT_SIM_SECRET },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ websocket-events\/agent-event-flow/);
    expect(r.stdout).toMatch(/✓ health\/service-healthy-with-version/);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(results.verdict).toBe('fail');

    // modules: one row each, with the passed / total of results.json
    for (const m of results.modules) {
      const row = report.split('\n').find((l) => l.startsWith(`| \`${m.id}\``));
      expect(row, m.id).toBeDefined();
      expect(row).toContain(`${m.passed + m.flaky}/${m.total - m.skipped}`);
    }
    const failedModules = results.modules.filter((m) => m.failed > 0).length;
    expect(report).toContain(`${failedModules}/${results.modules.length} modules failed`);

    // the 1011 pattern counts every 1011 close, across the WebSocket modules
    const p1011 = results.patterns.find((p) => p.category === 'ws_internal_error');
    expect(p1011).toBeDefined();
    const closes = results.tests.filter((t) => t.failure?.closeCode === 1011).length;
    expect(p1011!.count).toBe(closes);
    for (const mod of ['websocket-events', 'message-flow', 'agent-pipeline'])
      expect(p1011!.modules).toContain(mod);
    expect(report).toContain(`received 1011 (internal error) Internal error`);
    expect(report).toMatch(
      new RegExp(`\\*\\*${p1011!.count} tests failed\\*\\* in ${p1011!.modules.length} modules`),
    );

    // the critical-path endpoint failure, named
    const cp = results.tests.find((t) => t.id === 'critical-path/critical-api-endpoints');
    expect(cp?.status).toBe('failed');
    expect(cp?.failure?.message).toContain('/api/mcp/servers');

    // performance: every measured value as in results.json
    for (const m of results.metrics) {
      if (m.samples === 0) continue;
      expect(report).toContain(formatMetricMs(m.p95));
    }
    // five whys and validation criteria
    expect(report).toContain('Five whys');
    expect(report).toContain('Why 1');
    expect(report).toContain('Why 5');
    expect(report).toContain('Root cause');
    expect(report).toMatch(/Fixed when[\s\S]*- \[ \]/);
    expect(report).toContain('```mermaid');
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuite');
  }, 90_000);

  it('passes with exit 0 against the healthy service, and --json prints results.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-ok-'));
    const r = await runCli(
      [
        'run',
        '--base-url',
        healthy.baseUrl,
        '--jwt-secret-env',
        'SG_TEST_SECRET',
        '--results-dir',
        dir,
        '--json',
      ],
      { SG_TEST_SECRET: DEFAULT_SIM_SECRET },
    );
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as Results;
    expect(printed.verdict).toBe('pass');
    expect(printed.summary.failed).toBe(0);
    expect(printed.metrics.every((m) => m.status === 'met' && m.samples > 0)).toBe(true);
    expect(r.stdout).not.toContain(DEFAULT_SIM_SECRET);
    expect(r.stderr).not.toContain(DEFAULT_SIM_SECRET);
  }, 90_000);
});
