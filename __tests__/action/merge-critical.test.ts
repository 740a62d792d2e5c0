/**
 * `mode: merge` honours `critical-tests` over every shard, as `staging-gate merge` does:
 * with `critical-tests: b/*`, a shard's failure of `a/x` (critical in its shard's run) is
 * judged by `max-failure-rate` only.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results, TestResult } from '../../src/model.js';
import { writeArtifacts } from '../../src/pipeline/artifacts.js';
import { buildResults, DEFAULT_GATE_POLICY } from '../../src/verdict/index.js';
import { startGithubStandin, type GithubStandin } from '../support/github-standin.js';
import { pullRequestEvent } from './events.js';
import { ActionRunner, type ActionRun } from './run-action.js';

const runner = new ActionRunner();
let gh: GithubStandin;
let byShardFlags: ActionRun;
let byInput: ActionRun;

function shard(root: string, index: number, tests: TestResult[]): string {
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
  const dir = join(root, `shard-${index}`);
  writeArtifacts(r, dir, []);
  return dir;
}

function t(id: string, status: 'passed' | 'failed'): TestResult {
  return {
    id,
    module: id.split('/')[0],
    title: id,
    priority: 1,
    critical: true,
    status,
    durationMs: 10,
    attempts: 1,
    ...(status === 'failed' ? { failure: { category: 'assertion', message: `${id} failed` } } : {}),
  };
}

beforeAll(async () => {
  gh = await startGithubStandin();
  const root = mkdtempSync(join(tmpdir(), 'sg-merge-critical-'));
  shard(root, 1, [t('a/x', 'failed'), t('a/z', 'passed')]);
  shard(root, 2, [t('b/y', 'passed'), t('b/w', 'passed')]);
  const merge = (over: Record<string, string>) =>
    runner.run({
      inputs: {
        mode: 'merge',
        'merge-results': root,
        comment: 'off',
        'max-failure-rate': '50',
        ...over,
      },
      event: pullRequestEvent(),
      apiUrl: gh.url,
    });
  [byShardFlags, byInput] = await Promise.all([merge({}), merge({ 'critical-tests': 'b/*' })]);
}, 60_000);

afterAll(async () => {
  await gh?.close();
  runner.cleanup();
});

describe('mode: merge with critical-tests', () => {
  it('without it, gates on the shards’ own critical flags', () => {
    expect(byShardFlags.outputs.verdict).toBe('fail');
    expect(byShardFlags.code).toBe(1);
  });

  it('with critical-tests: b/*, a/x is not critical and the rate allows its failure', () => {
    expect(byInput.outputs.verdict).toBe('pass');
    expect(byInput.code).toBe(0);
    const results = JSON.parse(readFileSync(byInput.outputs['results-path'], 'utf8')) as Results;
    expect(results.tests.find((x) => x.id === 'a/x')?.critical).toBe(false);
  });
});
