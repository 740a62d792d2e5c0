/**
 * `staging-gate merge`: its flags go through config/ like run's, it honours
 * `critical-tests` over every shard, and its exit code follows the one rule (gateOutcome).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeCommand } from '../../src/cli/merge-command.js';
import type { CliIO } from '../../src/cli/run-command.js';
import type { Results, TestResult } from '../../src/model.js';
import { writeArtifacts } from '../../src/pipeline/artifacts.js';
import { buildResults, DEFAULT_GATE_POLICY } from '../../src/verdict/index.js';

const root = mkdtempSync(join(tmpdir(), 'sg-merge-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function test(id: string, status: TestResult['status'], extra: Partial<TestResult> = {}) {
  const t: TestResult = {
    id,
    module: id.split('/')[0],
    title: id,
    priority: 1,
    critical: true,
    status,
    durationMs: 10,
    attempts: 1,
    ...extra,
  };
  if (status === 'failed') t.failure = { category: 'assertion', message: `${id} failed` };
  return t;
}

function shardDir(name: string, index: number, tests: TestResult[]): string {
  const r = buildResults(
    {
      tests,
      metrics: [],
      readiness: { ready: true, message: 'healthy', waitedMs: 0, polls: 1 },
      target: { baseUrl: 'http://127.0.0.1:1', wsUrl: 'ws://127.0.0.1:1/ws' },
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 100,
      shard: { index, count: 2 },
    },
    DEFAULT_GATE_POLICY,
  );
  const dir = join(root, name);
  writeArtifacts(r, dir, []);
  return dir;
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = {
    stdout: { write: (t) => void out.push(t), isTTY: false },
    stderr: { write: (t) => void err.push(t) },
    env: {},
  };
  return { cli, stdout: () => out.join(''), stderr: () => err.join('') };
}

// a/x failed in shard 1 (critical there, as its run decided); b/y passed in shard 2
const one = shardDir('s1', 1, [test('a/x', 'failed'), test('a/z', 'passed')]);
const two = shardDir('s2', 2, [test('b/y', 'passed'), test('b/w', 'passed')]);

async function merge(...flags: string[]): Promise<{ code: number; results: Results; err: string }> {
  const out = join(root, `out-${Math.random().toString(36).slice(2)}`);
  const t = io();
  const code = await mergeCommand([one, two, '--results-dir', out, ...flags], t.cli);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
  return { code, results, err: t.stderr() };
}

describe('staging-gate merge', () => {
  it('without critical-tests, gates on the shards’ own critical flags', async () => {
    const { code, results } = await merge('--max-failure-rate', '50');
    expect(results.verdict).toBe('fail');
    expect(results.reason).toContain('critical a/x failed');
    expect(code).toBe(1);
  });

  it("with --critical-tests 'b/*', a failure of a/x is judged by max-failure-rate only", async () => {
    const { code, results } = await merge('--critical-tests', 'b/*', '--max-failure-rate', '50');
    expect(results.tests.find((t) => t.id === 'a/x')?.critical).toBe(false);
    expect(results.tests.find((t) => t.id === 'b/y')?.critical).toBe(true);
    expect(results.verdict).toBe('pass');
    expect(code).toBe(0);
    // and still fails when the rate is broken
    const strict = await merge('--critical-tests', 'b/*');
    expect(strict.results.verdict).toBe('fail');
    expect(strict.results.reason).toBe('1/4 failed (25.0 %) > 0 %');
  });

  it('takes a repeated single-value flag’s last value, as run does', async () => {
    const { results } = await merge(
      '--max-failure-rate',
      '0',
      '--critical-tests=b/*',
      '--max-failure-rate=50',
    );
    expect(results.verdict).toBe('pass');
  });

  it('validates its flags with the same messages as the action’s inputs', async () => {
    const t = io();
    expect(await mergeCommand([one, two, '--max-failure-rate', 'lots'], t.cli)).toBe(3);
    expect(t.stderr()).toMatch(/Input 'max-failure-rate': expected a percent between 0 and 100/);
    const u = io();
    expect(await mergeCommand([one, two, '--on-inconclusive', 'maybe'], u.cli)).toBe(3);
    expect(u.stderr()).toMatch(/Input 'on-inconclusive': expected one of fail, pass or neutral/);
    const v = io();
    expect(await mergeCommand([one, two, '--perf-gat', 'warn'], v.cli)).toBe(3);
    expect(v.stderr()).toMatch(/unknown flag '--perf-gat'; did you mean '--perf-gate'\?/);
    const w = io();
    expect(await mergeCommand(['--json'], w.cli)).toBe(3);
    expect(w.stderr()).toMatch(/nothing to merge/);
  });

  it('maps an inconclusive merge through on-inconclusive, like run and the action', async () => {
    const three = shardDir('i1', 1, [
      test('a/x', 'passed'),
      test('a/s', 'skipped', { skipReason: 'needs a second user' }),
    ]);
    const four = shardDir('i2', 2, [test('b/y', 'passed')]);
    const run = async (mode: string) => {
      const t = io();
      const out = join(root, `inc-${mode}`);
      const code = await mergeCommand(
        [three, four, '--results-dir', out, '--on-inconclusive', mode],
        t.cli,
      );
      return {
        code,
        err: t.stderr(),
        verdict: (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results).verdict,
      };
    };
    const fail = await run('fail');
    expect([fail.verdict, fail.code]).toEqual(['inconclusive', 2]);
    const pass = await run('pass');
    expect([pass.verdict, pass.code]).toEqual(['inconclusive', 0]);
    expect(pass.err).toMatch(/warning: inconclusive \(1 critical test did not run/);
    const neutral = await run('neutral');
    expect([neutral.verdict, neutral.code]).toEqual(['inconclusive', 0]);
  });
});
