/**
 * The three ways a gate runs after a deploy, and where each finds its PR: `deployment_status`
 * (the PR of the deployed commit, the deployed URL as base-url, the environment as the comment
 * key), `push`, and `workflow_run` (the payload's PR, or for a fork's PR the commit's).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentMarker } from '../../src/github/comment.js';
import type { Results } from '../../src/model.js';
import { startGithubStandin, type GithubStandin } from '../support/github-standin.js';
import {
  deploymentStatusEvent,
  PR_HEAD_SHA,
  pushEvent,
  workflowRunEvent,
  type RunnerEvent,
} from './events.js';
import { ActionRunner, type ActionRun } from './run-action.js';
import { gateInputs, startService, type ServiceUnderTest } from './service.js';

const FORK_HEAD = '9'.repeat(40);
const runner = new ActionRunner();

interface Scenario {
  gh: GithubStandin;
  service: ServiceUnderTest;
  run: ActionRun;
}
const opened: Array<{ close(): Promise<void> }> = [];

async function scenario(
  event: (service: ServiceUnderTest) => RunnerEvent,
  inputs: (service: ServiceUnderTest) => Record<string, string>,
): Promise<Scenario> {
  const gh = await startGithubStandin({
    pulls: [
      { number: 7, state: 'open', headSha: PR_HEAD_SHA },
      // a fork's PR: workflow_run lists no pull_requests for it
      { number: 8, state: 'open', headSha: FORK_HEAD, headRepo: 'mallory/web' },
      // a merged PR whose merge commit is PR 7's head: associated, but not to comment on
      {
        number: 3,
        state: 'closed',
        merged: true,
        headSha: '1'.repeat(40),
        mergeCommitSha: PR_HEAD_SHA,
      },
    ],
  });
  const service = await startService();
  opened.push(gh, service);
  const run = await runner.run({ inputs: inputs(service), event: event(service), apiUrl: gh.url });
  return { gh, service, run };
}

let deployment: Scenario;
let push: Scenario;
let workflowRun: Scenario;
let forkRun: Scenario;

beforeAll(async () => {
  [deployment, push, workflowRun, forkRun] = await Promise.all([
    scenario(
      (s) =>
        deploymentStatusEvent({
          sha: PR_HEAD_SHA,
          environment: 'staging-eu',
          environmentUrl: s.baseUrl,
        }),
      (s) => {
        // no base-url input: the deployment says where it deployed to
        const { 'base-url': _omitted, ...rest } = gateInputs(s, {
          modules: 'health',
          'commit-status': 'true',
        });
        return rest;
      },
    ),
    scenario(
      () => pushEvent(PR_HEAD_SHA),
      (s) => gateInputs(s, { modules: 'health' }),
    ),
    scenario(
      () =>
        workflowRunEvent({
          headSha: PR_HEAD_SHA,
          pullRequests: [{ number: 7, headSha: PR_HEAD_SHA }],
        }),
      (s) => gateInputs(s, { modules: 'health' }),
    ),
    scenario(
      () => workflowRunEvent({ headSha: FORK_HEAD, pullRequests: [] }),
      (s) => gateInputs(s, { modules: 'health', 'commit-status': 'true' }),
    ),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.map((o) => o.close()));
  runner.cleanup();
});

function commitLookups(gh: GithubStandin): string[] {
  return gh.requests.filter((r) => /\/commits\/[^/]+\/pulls$/.test(r.path)).map((r) => r.path);
}

describe('deployment_status', () => {
  it('tests the deployment_status environment_url when base-url is not given', () => {
    const { run, service } = deployment;
    expect(run.code).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    const results = JSON.parse(readFileSync(run.outputs['results-path'], 'utf8')) as Results;
    expect(results.target.baseUrl).toBe(service.baseUrl);
    expect(service.proxy.connections()).toBeGreaterThan(0);
  });

  it('finds the PR through commits/{sha}/pulls of the deployed sha, skipping a merged PR', () => {
    const { gh, run } = deployment;
    expect(commitLookups(gh)).toEqual([`/repos/acme/web/commits/${PR_HEAD_SHA}/pulls`]);
    expect(gh.state.commentsOn(7)).toHaveLength(1);
    expect(gh.state.commentsOn(3)).toHaveLength(0);
    expect(run.outputs['comment-url']).toMatch(/\/acme\/web\/pull\/7#issuecomment-\d+$/);
  });

  it('keys the comment and the status by the environment name', () => {
    const { gh } = deployment;
    const body = gh.state.commentsOn(7)[0].body;
    expect(body).toContain(commentMarker('staging-eu'));
    expect(body).toContain('staging-gate · staging-eu');
    expect(body).not.toContain(commentMarker('staging'));
    // on the deployed commit, not GITHUB_SHA (the ref's tip)
    expect(gh.state.statuses.map((s) => [s.sha, s.context, s.state])).toEqual([
      [PR_HEAD_SHA, 'staging-gate/staging-eu', 'success'],
    ]);
  });
});

describe('push', () => {
  it('comments on the open PR whose head is the pushed commit', () => {
    const { gh, run } = push;
    expect(run.code).toBe(0);
    expect(commitLookups(gh)).toEqual([`/repos/acme/web/commits/${PR_HEAD_SHA}/pulls`]);
    expect(gh.state.commentsOn(7)).toHaveLength(1);
    expect(run.outputs['comment-url']).toMatch(/\/pull\/7#issuecomment-\d+$/);
  });
});

describe('workflow_run', () => {
  it("takes the PR from the payload's pull_requests without asking GitHub", () => {
    const { gh, run } = workflowRun;
    expect(run.code).toBe(0);
    expect(commitLookups(gh)).toEqual([]);
    expect(gh.state.commentsOn(7)).toHaveLength(1);
  });

  it("for a fork's PR (empty pull_requests) finds it from the run's head_sha", () => {
    const { gh, run } = forkRun;
    expect(run.code).toBe(0);
    expect(commitLookups(gh)).toEqual([`/repos/acme/web/commits/${FORK_HEAD}/pulls`]);
    expect(gh.state.commentsOn(8)).toHaveLength(1);
    expect(gh.state.commentsOn(7)).toHaveLength(0);
    expect(gh.state.statuses.map((s) => [s.sha, s.context])).toEqual([
      [FORK_HEAD, 'staging-gate/staging'],
    ]);
  });
});
