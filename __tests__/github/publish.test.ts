import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commentMarker } from '../../src/github/comment.js';
import { publishToGithub, type PublishOptions } from '../../src/github/publish.js';
import { FAST_TIMING, RunnerEnvs } from '../support/github-event.js';
import {
  ACTIONS_TOKEN,
  READ_ONLY_TOKEN,
  startGithubStandin,
  type GithubStandin,
} from '../support/github-standin.js';

const HEAD = 'a'.repeat(40);
const MERGE_REF_SHA = 'b'.repeat(40);

let gh: GithubStandin;
const envs = new RunnerEnvs();
beforeEach(async () => {
  gh = await startGithubStandin();
});
afterEach(async () => {
  await gh.close();
});
afterAll(() => envs.cleanup());

function publish(over: Partial<PublishOptions> = {}, payload?: Record<string, unknown>) {
  const env = envs.make({
    eventName: 'pull_request',
    payload: payload ?? { pull_request: { number: 7, head: { sha: HEAD } } },
    apiUrl: gh.url,
    sha: MERGE_REF_SHA,
  });
  return publishToGithub({
    env,
    token: ACTIONS_TOKEN,
    commentMode: 'sticky',
    commentKey: 'staging',
    commitStatus: true,
    state: 'failure',
    description: 'staging-gate: 2 of 14 failed (ws_internal_error ×2)',
    render: () => '## staging-gate: fail',
    timing: FAST_TIMING,
    ...over,
  });
}

describe('publishToGithub', () => {
  it('comments on the PR and sets the status on the PR head commit', async () => {
    const out = await publish();
    expect(out.warnings).toEqual([]);
    expect(out.prNumber).toBe(7);
    expect(out.commentUrl).toMatch(/\/acme\/web\/pull\/7#issuecomment-\d+$/);
    expect(out.statusContext).toBe('staging-gate/staging');
    expect(gh.state.commentsOn(7)).toHaveLength(1);
    expect(gh.state.statuses).toEqual([
      expect.objectContaining({
        sha: HEAD,
        state: 'failure',
        context: 'staging-gate/staging',
        targetUrl: 'https://github.com/acme/web/actions/runs/4242',
      }),
    ]);
  });

  it('finds out who it is through GraphQL, never GET /user', async () => {
    await publish();
    await publish();
    expect(gh.requests.some((r) => r.path === '/user')).toBe(false);
    expect(gh.requests.filter((r) => r.path === '/graphql')).toHaveLength(2); // one per run (client)
    expect(gh.state.commentsOn(7)).toHaveLength(1);
  });

  it('with a read-only token warns which permissions are missing and publishes nothing', async () => {
    const before = gh.state.comments.length;
    const out = await publish({ token: READ_ONLY_TOKEN });
    expect(out.warnings).toHaveLength(2);
    expect(out.warnings[0]).toContain('`pull-requests: write`');
    expect(out.warnings[0]).toContain('Resource not accessible by integration');
    expect(out.warnings[1]).toContain('`statuses: write`');
    expect(out.commentUrl).toBeUndefined();
    expect(out.statusContext).toBeUndefined();
    expect(gh.state.comments.length).toBe(before);
    expect(gh.state.statuses).toEqual([]);
    // a 403 for a permission is final: no retries
    expect(
      gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments')),
    ).toHaveLength(1);
  });

  it('retries 5xx and then succeeds', async () => {
    gh.state.failNext(2, 502);
    const out = await publish();
    expect(out.warnings).toEqual([]);
    expect(out.commentUrl).toBeDefined();
    expect(gh.state.commentsOn(7)).toHaveLength(1);
    // the first request (GraphQL viewer) was answered 502 twice, then once more for real
    expect(gh.requests.slice(0, 3).map((r) => r.path)).toEqual([
      '/graphql',
      '/graphql',
      '/graphql',
    ]);
  });

  it('gives up on persistent 5xx with a warning, and still sets the status', async () => {
    gh.state.failNext(4, 503);
    const out = await publish();
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/GitHub answered 503 .*after 3 retries/);
    expect(out.statusContext).toBe('staging-gate/staging');
    expect(gh.state.comments).toEqual([]);
  });

  it('waits out a primary rate limit (twice at most)', async () => {
    gh.state.rateLimitNext(2, 0);
    const ok = await publish();
    expect(ok.warnings).toEqual([]);
    expect(gh.state.commentsOn(7)).toHaveLength(1);

    gh.state.rateLimitNext(3, 0);
    const gaveUp = await publish({ commitStatus: false });
    expect(gaveUp.warnings).toHaveLength(1);
    expect(gaveUp.warnings[0]).toContain('rate limit of this token is exhausted');
  });

  it('waits out a secondary rate limit', async () => {
    gh.state.secondaryRateLimitNext(1, 1);
    const out = await publish();
    expect(out.warnings).toEqual([]);
    expect(out.commentUrl).toBeDefined();
  });

  it('does not wait for a rate limit that resets in an hour', async () => {
    gh.state.rateLimitNext(1, 3600);
    const out = await publish({ commitStatus: false });
    expect(out.warnings[0]).toContain('rate limit of this token is exhausted');
    expect(gh.requests).toHaveLength(1);
  });

  it('cuts the status description to 140 characters', async () => {
    const long = `staging-gate: fail — ${'websocket-events/agent-event-flow ✗ '.repeat(10)}`;
    const out = await publish({ description: long, commentMode: 'off' });
    expect(out.warnings).toEqual([]);
    const stored = gh.state.statuses[0].description ?? '';
    expect([...stored]).toHaveLength(140);
    expect(stored.endsWith('…')).toBe(true);
    expect(long.startsWith(stored.slice(0, -1))).toBe(true);
  });

  it('the stand-in refuses a 141-character description, as GitHub does', async () => {
    const res = await fetch(`${gh.url}/repos/acme/web/statuses/${HEAD}`, {
      method: 'POST',
      headers: { authorization: `token ${ACTIONS_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'success', context: 'x', description: 'd'.repeat(141) }),
    });
    expect(res.status).toBe(422);
  });

  it('posts a notice, not a warning, when no PR belongs to the run', async () => {
    const out = await publish({}, { after: 'c'.repeat(40) });
    expect(out.warnings).toEqual([]);
    expect(out.notices.join('\n')).toMatch(/No open pull request found/);
    expect(out.prNumber).toBeUndefined();
    expect(gh.state.comments).toEqual([]);
    expect(out.statusContext).toBe('staging-gate/staging');
  });

  it('does nothing at all with comment off and no commit status', async () => {
    const out = await publish({ commentMode: 'off', commitStatus: false });
    expect(out).toEqual({ warnings: [], notices: [] });
    expect(gh.requests).toEqual([]);
  });

  it('explains a missing token or a missing runner context instead of failing', async () => {
    const noToken = await publish({ token: '' });
    expect(noToken.notices[0]).toContain('No github-token');
    const local = await publishToGithub({
      env: {},
      token: ACTIONS_TOKEN,
      commentMode: 'sticky',
      commentKey: 'staging',
      commitStatus: true,
      state: 'success',
      description: 'ok',
      render: () => 'x',
    });
    expect(local.notices[0]).toContain('GITHUB_REPOSITORY');
    expect(gh.requests).toEqual([]);
  });

  it('turns a body over the limit into a warning, never an exception', async () => {
    const out = await publish({ render: () => 'x'.repeat(70_000) });
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/at most 65536/);
    expect(gh.state.comments).toEqual([]);
    expect(out.statusContext).toBe('staging-gate/staging');
  });

  it('new mode posts a fresh comment each run', async () => {
    await publish({ commentMode: 'new' });
    await publish({ commentMode: 'new' });
    expect(
      gh.state.commentsOn(7).filter((c) => c.body.includes(commentMarker('staging'))),
    ).toHaveLength(2);
    expect(gh.requests.some((r) => r.path === '/graphql')).toBe(false);
  });

  it('talks to a GHES-style API root from GITHUB_API_URL and GITHUB_GRAPHQL_URL', async () => {
    const env = envs.make({
      eventName: 'pull_request',
      payload: { pull_request: { number: 7, head: { sha: HEAD } } },
      apiUrl: `${gh.url}/api/v3`,
      extra: { GITHUB_GRAPHQL_URL: `${gh.url}/api/graphql` },
    });
    const out = await publishToGithub({
      env,
      token: ACTIONS_TOKEN,
      commentMode: 'sticky',
      commentKey: 'staging',
      commitStatus: false,
      state: 'success',
      description: 'ok',
      render: () => 'x',
      timing: FAST_TIMING,
    });
    expect(out.warnings).toEqual([]);
    expect(gh.requests.map((r) => r.url.split('?')[0])).toEqual([
      '/api/graphql',
      '/api/v3/repos/acme/web/issues/7/comments',
      '/api/v3/repos/acme/web/issues/7/comments',
      '/api/v3/repos/acme/web/issues/7/comments',
    ]);
  });
});
