import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeGithubFailure } from '../../src/github/errors.js';
import { createOctokit, type GithubClient } from '../../src/github/octokit.js';
import { FAST_TIMING } from '../support/github-event.js';
import {
  ACTIONS_TOKEN,
  READ_ONLY_TOKEN,
  startGithubStandin,
  type GithubStandin,
} from '../support/github-standin.js';

let gh: GithubStandin;
beforeEach(async () => {
  gh = await startGithubStandin();
});
afterEach(async () => {
  await gh.close();
});

const client = (token: string, baseUrl = gh.url): GithubClient =>
  createOctokit(token, { baseUrl, timing: { ...FAST_TIMING, retries: 1 } });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('expected a failure'),
    (e: unknown) => e,
  );
const comment = (octokit: GithubClient, body = 'hello', issue = 7) =>
  octokit.rest.issues.createComment({ owner: 'acme', repo: 'web', issue_number: issue, body });

describe('describeGithubFailure', () => {
  it('names the missing permission for a read-only token, and the fork cause', async () => {
    const text = describeGithubFailure(await failure(comment(client(READ_ONLY_TOKEN))), 'comment');
    expect(text).toContain('lacks `pull-requests: write`');
    expect(text).toContain('POST /repos/acme/web/issues/7/comments');
    expect(text).toMatch(/fork/i);
    const status = await failure(
      client(READ_ONLY_TOKEN).rest.repos.createCommitStatus({
        owner: 'acme',
        repo: 'web',
        sha: 'a'.repeat(40),
        state: 'success',
      }),
    );
    expect(describeGithubFailure(status, 'status')).toContain('lacks `statuses: write`');
  });

  it('says a bad token was rejected, without printing it', async () => {
    const text = describeGithubFailure(
      await failure(comment(client('ghp_not_a_real_token_123'))),
      'comment',
    );
    expect(text).toContain('rejected the github-token (401 Bad credentials)');
    expect(text).not.toContain('ghp_not_a_real_token_123');
  });

  it('explains 404 and 422', async () => {
    expect(
      describeGithubFailure(await failure(comment(client(ACTIONS_TOKEN), 'x', 404)), 'comment'),
    ).toContain('404 Not Found');
    const tooLong = await failure(comment(client(ACTIONS_TOKEN), 'x'.repeat(70_000)));
    expect(describeGithubFailure(tooLong, 'comment')).toContain(
      'Body is too long (maximum is 65536 characters)',
    );
  });

  it('reports exhausted retries of a 5xx with the count', async () => {
    gh.state.failNext(2, 502);
    const text = describeGithubFailure(await failure(comment(client(ACTIONS_TOKEN))), 'comment');
    expect(text).toMatch(/GitHub answered 502 Server Error after 1 retry/);
  });

  it('reports an unreachable API as such', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const text = describeGithubFailure(
      await failure(comment(client(ACTIONS_TOKEN, `http://127.0.0.1:${port}`))),
      'comment',
    );
    expect(text).toContain('could not be reached');
    expect(text).not.toContain(ACTIONS_TOKEN);
  });

  it('describes a primary rate limit with its reset time', async () => {
    gh.state.rateLimitNext(3, 0);
    const text = describeGithubFailure(await failure(comment(client(ACTIONS_TOKEN))), 'comment');
    expect(text).toMatch(/rate limit of this token is exhausted; it resets at \d{4}-\d\d-\d\dT/);
  });

  it('passes our own errors through by message', () => {
    expect(describeGithubFailure(new Error('render crashed'), 'comment')).toBe(
      'staging-gate could not post the pull request comment: render crashed',
    );
  });
});
