/**
 * Two jobs of one PR gate at the same moment (a matrix, or a re-run racing the original).
 * GitHub has no lock: the stand-in holds both first listings until both have arrived, so
 * both processes find no comment and both create one, every time. One comment must remain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentMarker } from '../../src/github/comment.js';
import { startGithubStandin, type GithubStandin } from '../support/github-standin.js';
import { pullRequestEvent } from './events.js';
import { ActionRunner, type ActionRun } from './run-action.js';
import { gateInputs, startService, type ServiceUnderTest } from './service.js';

const runner = new ActionRunner();
let gh: GithubStandin;
let services: ServiceUnderTest[];
let runs: ActionRun[];

beforeAll(async () => {
  gh = await startGithubStandin();
  // one service per job, as two deployments would be; the same user ids must not collide
  services = await Promise.all([startService(), startService()]);
  gh.barrier((method, path) => method === 'GET' && path.endsWith('/issues/7/comments'), 2, 20_000);
  runs = await Promise.all(
    services.map((s) =>
      runner.run({
        inputs: gateInputs(s, { modules: 'health,auth' }),
        event: pullRequestEvent(),
        apiUrl: gh.url,
      }),
    ),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all([gh?.close(), ...(services ?? []).map((s) => s.close())]);
  runner.cleanup();
});

describe('two concurrent runs of dist/index.js on one PR', () => {
  it('both pass', () => {
    expect(runs.map((r) => [r.code, r.timedOut, r.outputs.verdict])).toEqual([
      [0, false, 'pass'],
      [0, false, 'pass'],
    ]);
  });

  it('really raced: both created a comment', () => {
    const creates = gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments'));
    expect(creates).toHaveLength(2);
  });

  it('leave exactly one comment: the oldest, the duplicate deleted', () => {
    const left = gh.state.commentsOn(7);
    expect(left).toHaveLength(1);
    expect(left[0].body).toContain(commentMarker('staging'));
    expect(left[0].user.login).toBe('github-actions[bot]');
    const created = gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments'));
    expect(created).toHaveLength(2);
    expect(gh.requests.some((r) => r.method === 'DELETE')).toBe(true);
    // the survivor is the first comment ever created on the PR
    expect(left[0].id).toBe(1000);
  });

  it('comment-url of each run names the comment that is left', () => {
    const left = gh.state.commentsOn(7)[0];
    for (const run of runs) {
      expect(run.outputs['comment-url']).toBe(
        `https://github.com/acme/web/pull/7#issuecomment-${left.id}`,
      );
    }
  });
});
