import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertComment, commentMarker } from '../../src/github/comment.js';
import { isAuthoredBy, resolveIdentity } from '../../src/github/identity.js';
import { createOctokit } from '../../src/github/octokit.js';
import { FAST_TIMING } from '../support/github-event.js';
import {
  ACTIONS_TOKEN,
  defaultAccounts,
  startGithubStandin,
  USER_TOKEN,
  type GithubStandin,
} from '../support/github-standin.js';

let gh: GithubStandin | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});
const standin = (): GithubStandin => {
  if (!gh) throw new Error('no stand-in started');
  return gh;
};

describe('resolveIdentity', () => {
  beforeEach(async () => {
    gh = await startGithubStandin();
  });
  const client = (token: string) =>
    createOctokit(token, { baseUrl: standin().url, timing: FAST_TIMING });

  it('asks GraphQL viewer once per client, never GET /user', async () => {
    const octokit = client(ACTIONS_TOKEN);
    expect(await resolveIdentity(octokit)).toEqual({ login: 'github-actions' });
    expect(await resolveIdentity(octokit)).toEqual({ login: 'github-actions' });
    expect(standin().requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /graphql']);
    expect(standin().requests[0].body).toMatchObject({
      query: expect.stringMatching(/viewer\s*\{\s*login\s*\}/),
    });
  });

  it('a personal token is the user it belongs to', async () => {
    expect(await resolveIdentity(client(USER_TOKEN))).toEqual({ login: 'octocat' });
  });

  it('does not remember a failed lookup', async () => {
    const octokit = client(ACTIONS_TOKEN);
    standin().state.failNext(4, 500);
    await expect(resolveIdentity(octokit)).rejects.toMatchObject({ status: 500 });
    expect(await resolveIdentity(octokit)).toEqual({ login: 'github-actions' });
  });
});

describe('isAuthoredBy', () => {
  const actions = { login: 'github-actions' };
  it.each([
    [{ login: 'github-actions[bot]', type: 'Bot' }, actions, true],
    [{ login: 'github-actions[bot]', type: 'User' }, actions, false],
    [{ login: 'github-actions[bot]', type: 'Bot' }, { login: 'github-actions[bot]' }, true],
    [{ login: 'someone-else[bot]', type: 'Bot' }, actions, false],
    [{ login: 'OctoCat', type: 'User' }, { login: 'octocat' }, true],
    [{ login: 'octocat2', type: 'User' }, { login: 'octocat' }, false],
    [null, actions, false],
    [{ type: 'User' }, actions, false],
  ])('%o by %o → %s', (user, identity, expected) => {
    expect(isAuthoredBy(user, identity)).toBe(expected);
  });
});

describe('when GraphQL names the bot with its [bot] suffix', () => {
  beforeEach(async () => {
    const accounts = defaultAccounts();
    accounts[ACTIONS_TOKEN] = { ...accounts[ACTIONS_TOKEN], viewerLogin: 'github-actions[bot]' };
    gh = await startGithubStandin({ accounts });
  });

  it('still recognises its own sticky comment', async () => {
    const octokit = createOctokit(ACTIONS_TOKEN, { baseUrl: standin().url, timing: FAST_TIMING });
    const identity = await resolveIdentity(octokit);
    expect(identity.login).toBe('github-actions[bot]');
    const common = {
      octokit,
      owner: 'acme',
      repo: 'web',
      issueNumber: 7,
      key: 'k',
      mode: 'sticky' as const,
      identity,
    };
    const first = await upsertComment({ ...common, render: () => 'one' });
    const second = await upsertComment({ ...common, render: () => 'two' });
    expect(second).toMatchObject({ action: 'updated', id: first.id });
    expect(
      standin()
        .state.commentsOn(7)
        .filter((c) => c.body.includes(commentMarker('k'))),
    ).toHaveLength(1);
  });
});
