/**
 * `mode: merge` as the runner runs it: three matrix jobs each run a shard (comment off),
 * a final job merges their results directories into one verdict, comment and outputs.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/model.js';
import { startGithubStandin, type GithubStandin } from '../support/github-standin.js';
import { pullRequestEvent } from './events.js';
import {
  ActionRunner,
  unescapeCommandData,
  workflowCommands,
  type ActionRun,
} from './run-action.js';
import { gateInputs, startService, type ServiceUnderTest } from './service.js';

const runner = new ActionRunner();
let service: ServiceUnderTest;
let gh: GithubStandin;
let artifacts: string;
let shards: ActionRun[];
let merged: ActionRun;
let partial: ActionRun;

beforeAll(async () => {
  [service, gh] = await Promise.all([startService(), startGithubStandin()]);
  const root = mkdtempSync(join(tmpdir(), 'sg-merge-mode-'));
  shards = await Promise.all(
    [1, 2, 3].map((i) =>
      runner.run({
        inputs: gateInputs(service, {
          shard: `${i}/3`,
          comment: 'off',
          'results-dir': join(root, `run-${i}`),
        }),
        event: pullRequestEvent(),
        apiUrl: gh.url,
      }),
    ),
  );
  // what actions/download-artifact writes: one directory per artifact
  artifacts = join(root, 'shards');
  for (const i of [1, 2, 3])
    cpSync(join(root, `run-${i}`), join(artifacts, `staging-gate-shard-${i}`), { recursive: true });
  const partialDir = join(root, 'partial');
  for (const i of [1, 3])
    cpSync(join(root, `run-${i}`), join(partialDir, `staging-gate-shard-${i}`), {
      recursive: true,
    });
  [merged, partial] = await Promise.all([
    runner.run({
      inputs: { mode: 'merge', 'merge-results': artifacts, 'perf-gate': 'warn' },
      event: pullRequestEvent(),
      apiUrl: gh.url,
    }),
    runner.run({
      inputs: { mode: 'merge', 'merge-results': partialDir, comment: 'off' },
      event: pullRequestEvent(),
      apiUrl: gh.url,
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([service?.close(), gh?.close()]);
  runner.cleanup();
});

describe('mode: merge', () => {
  it('each shard ran a slice and posted no comment', () => {
    for (const run of shards) expect(run.code, run.stdout).toBe(0);
    const totals = shards.map((r) => Number(r.outputs.total));
    expect(totals.every((n) => n > 0)).toBe(true);
  });

  it('merges the shards into one passing verdict with every test, and one comment', () => {
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    expect(merged.outputs.verdict).toBe('pass');
    // a test is dealt to one shard, or (the load tests) runs its slice in every shard
    const ids = new Set(
      shards.flatMap((r) =>
        (JSON.parse(readFileSync(r.outputs['results-path'], 'utf8')) as Results).tests.map(
          (t) => t.id,
        ),
      ),
    );
    expect(Number(merged.outputs.total)).toBe(ids.size);
    const results = JSON.parse(readFileSync(merged.outputs['results-path'], 'utf8')) as Results;
    expect(results.tests.map((t) => t.id).sort()).toEqual([...ids].sort());
    expect(results.metrics.every((m) => m.samples > 0)).toBe(true);
    expect(merged.outputs['comment-url']).toMatch(/#issuecomment-\d+$/);
    expect(gh.state.commentsOn(7)).toHaveLength(1);
    expect(merged.summary).toContain('staging-gate');
    // no service was contacted by the merge job: every request came from the three shards
    expect(merged.stdout).toContain('merging 3 shards');
  });

  it('refuses a missing shard, naming the input, with no partial verdict', () => {
    expect(partial.code).toBe(1);
    const errors = workflowCommands(partial.stdout, 'error').map(unescapeCommandData);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("'merge-results'");
    expect(errors[0]).toContain('missing shard 2/3');
    expect(partial.outputs.verdict).toBeUndefined();
  });
});
