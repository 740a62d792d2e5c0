import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deploymentDefaults,
  readEventContext,
  subjectSha,
  EventContextError,
} from '../../src/github/event.js';
import { findPullRequest } from '../../src/github/find-pr.js';
import { createOctokit } from '../../src/github/octokit.js';
import { FAST_TIMING, RunnerEnvs } from '../support/github-event.js';
import {
  ACTIONS_TOKEN,
  startGithubStandin,
  type GithubStandin,
} from '../support/github-standin.js';

const HEAD = '1'.repeat(40);
const OTHER = '2'.repeat(40);
const MERGE = '3'.repeat(40);
const REPO = { id: 99, full_name: 'acme/web' };

let gh: GithubStandin;
const envs = new RunnerEnvs();
beforeEach(async () => {
  gh = await startGithubStandin({
    pulls: [
      { number: 7, state: 'open', headSha: HEAD },
      // same head, but a PR of the fork's own repository: not ours
      { number: 3, state: 'open', headSha: HEAD, baseRepo: 'someone/web', headRepo: 'someone/web' },
      // merged PR whose merge commit is MERGE, and a closed one with the same head
      { number: 5, state: 'closed', merged: true, headSha: OTHER, mergeCommitSha: MERGE },
      { number: 4, state: 'closed', merged: true, headSha: HEAD },
      // a fork PR into this repository
      { number: 9, state: 'open', headSha: '9'.repeat(40), headRepo: 'forker/web' },
    ],
  });
});
afterEach(async () => {
  await gh.close();
});
afterAll(() => envs.cleanup());

function find(
  eventName: string,
  payload: Record<string, unknown>,
  sha = 'f'.repeat(40),
  prNumber?: number,
) {
  const event = readEventContext(envs.make({ eventName, payload, apiUrl: gh.url, sha }));
  return findPullRequest(
    createOctokit(ACTIONS_TOKEN, { baseUrl: gh.url, timing: FAST_TIMING }),
    event,
    prNumber,
  );
}
const commitLookups = () =>
  gh.requests
    .filter((r) => /\/commits\/[^/]+\/pulls$/.test(r.path))
    .map((r) => r.path.split('/')[5]);

describe('findPullRequest', () => {
  it('prefers the pr-number input', async () => {
    expect(await find('push', { after: HEAD }, HEAD, 42)).toEqual({ number: 42, source: 'input' });
    expect(gh.requests).toEqual([]);
  });

  it('reads pull_request events from the payload without asking GitHub', async () => {
    const payload = { pull_request: { number: 12, head: { sha: HEAD } }, repository: REPO };
    expect(await find('pull_request', payload)).toEqual({ number: 12, source: 'payload' });
    expect(await find('pull_request_target', payload)).toEqual({ number: 12, source: 'payload' });
    expect(gh.requests).toEqual([]);
  });

  it('reads an issue_comment on a PR, but not on a plain issue', async () => {
    expect(
      await find('issue_comment', { issue: { number: 8, pull_request: { url: 'x' } } }),
    ).toEqual({
      number: 8,
      source: 'payload',
    });
    expect(await find('issue_comment', { issue: { number: 8 } })).toBeUndefined();
  });

  it('takes workflow_run.pull_requests when they target this repository', async () => {
    const payload = {
      repository: REPO,
      workflow_run: {
        head_sha: HEAD,
        pull_requests: [
          {
            number: 3,
            base: { repo: { id: 555, url: 'https://api.github.com/repos/someone/web' } },
          },
          { number: 7, base: { repo: { id: 99, url: 'https://api.github.com/repos/acme/web' } } },
        ],
      },
    };
    expect(await find('workflow_run', payload)).toEqual({ number: 7, source: 'workflow_run' });
    expect(gh.requests).toEqual([]);
  });

  it('asks the commits API for a workflow_run from a fork (empty pull_requests), using head_sha', async () => {
    const payload = {
      repository: REPO,
      workflow_run: { head_sha: '9'.repeat(40), pull_requests: [] },
    };
    expect(await find('workflow_run', payload, 'e'.repeat(40))).toEqual({
      number: 9,
      source: 'commit',
    });
    expect(commitLookups()).toEqual(['9'.repeat(40)]);
  });

  it('finds the open PR of this repository whose head is a pushed commit', async () => {
    expect(await find('push', { after: HEAD }, HEAD)).toEqual({ number: 7, source: 'commit' });
  });

  it('finds the PR of the deployed commit (deployment.sha, not GITHUB_SHA)', async () => {
    const payload = {
      deployment: { sha: HEAD, environment: 'staging' },
      deployment_status: { state: 'success', environment_url: 'https://staging.example.com' },
    };
    expect(await find('deployment_status', payload, 'e'.repeat(40))).toEqual({
      number: 7,
      source: 'commit',
    });
    expect(await find('deployment', { deployment: { sha: HEAD } }, 'e'.repeat(40))).toEqual({
      number: 7,
      source: 'commit',
    });
    expect(commitLookups()).toEqual([HEAD, HEAD]);
  });

  it('ignores merged PRs (head or merge commit) and closed ones', async () => {
    expect(await find('push', { after: MERGE }, MERGE)).toBeUndefined();
    expect(await find('push', { after: OTHER }, OTHER)).toBeUndefined();
    expect(commitLookups()).toEqual([MERGE, OTHER]);
  });

  it('uses GITHUB_SHA for workflow_dispatch and nothing for other events', async () => {
    expect(await find('workflow_dispatch', {}, HEAD)).toEqual({ number: 7, source: 'commit' });
    expect(await find('schedule', {}, HEAD)).toBeUndefined();
    expect(commitLookups()).toEqual([HEAD]);
  });
});

describe('readEventContext', () => {
  it('reads the runner environment', () => {
    const env = envs.make({
      eventName: 'push',
      payload: { after: HEAD },
      apiUrl: 'http://x',
      sha: HEAD,
      extra: { GITHUB_RUN_ATTEMPT: '2' },
    });
    const event = readEventContext(env);
    expect(event).toMatchObject({
      eventName: 'push',
      owner: 'acme',
      repo: 'web',
      sha: HEAD,
      payload: { after: HEAD },
    });
    expect(event.runUrl).toBe('https://github.com/acme/web/actions/runs/4242/attempts/2');
  });

  it('explains a missing or malformed GITHUB_REPOSITORY', () => {
    expect(() => readEventContext({})).toThrow(EventContextError);
    expect(() => readEventContext({ GITHUB_REPOSITORY: 'just-a-name' })).toThrow(/owner\/repo/);
  });

  it('explains an unreadable payload', () => {
    expect(() =>
      readEventContext({ GITHUB_REPOSITORY: 'a/b', GITHUB_EVENT_PATH: '/nonexistent/event.json' }),
    ).toThrow(/GITHUB_EVENT_PATH/);
  });
});

describe('subjectSha and deploymentDefaults', () => {
  const event = (eventName: string, payload: Record<string, unknown>) => ({
    eventName,
    owner: 'acme',
    repo: 'web',
    sha: 'e'.repeat(40),
    payload,
  });

  it('is the PR head for pull requests, not the test merge commit', () => {
    expect(
      subjectSha(event('pull_request', { pull_request: { number: 1, head: { sha: HEAD } } })),
    ).toBe(HEAD);
    expect(subjectSha(event('workflow_run', { workflow_run: { head_sha: HEAD } }))).toBe(HEAD);
    expect(subjectSha(event('push', { after: '0'.repeat(40) }))).toBe('e'.repeat(40));
  });

  it('reads deployment_status and deployment events', () => {
    const status = event('deployment_status', {
      deployment: { sha: HEAD, environment: 'staging-eu' },
      deployment_status: { state: 'success', environment_url: 'https://eu.staging.example.com' },
    });
    expect(deploymentDefaults(status)).toEqual({
      baseUrl: 'https://eu.staging.example.com',
      environment: 'staging-eu',
      sha: HEAD,
    });
    const empty = event('deployment_status', {
      deployment: { sha: HEAD, environment: 'x' },
      deployment_status: { environment_url: '' },
    });
    expect(deploymentDefaults(empty)).toEqual({ environment: 'x', sha: HEAD });
    expect(
      deploymentDefaults(event('deployment', { deployment: { sha: HEAD, environment: 'prod' } })),
    ).toEqual({
      environment: 'prod',
      sha: HEAD,
    });
    expect(deploymentDefaults(event('push', { deployment: { sha: HEAD } }))).toEqual({});
  });
});
