import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  COMMENT_BODY_LIMIT,
  CommentTooLongError,
  commentMarker,
  upsertComment,
  type UpsertCommentOptions,
} from '../../src/github/comment.js';
import { resolveIdentity } from '../../src/github/identity.js';
import { createOctokit, type GithubClient } from '../../src/github/octokit.js';
import { FAST_TIMING } from '../support/github-event.js';
import {
  ACTIONS_TOKEN,
  OTHER_USER_TOKEN,
  startGithubStandin,
  USER_TOKEN,
  type GithubStandin,
} from '../support/github-standin.js';

let gh: GithubStandin;
beforeEach(async () => {
  gh = await startGithubStandin();
});
afterEach(async () => {
  await gh.close();
});

const client = (token = ACTIONS_TOKEN): GithubClient =>
  createOctokit(token, { baseUrl: gh.url, timing: FAST_TIMING });
const marker = commentMarker('staging');

async function sticky(
  octokit: GithubClient,
  render: UpsertCommentOptions['render'],
  extra: Partial<UpsertCommentOptions> = {},
) {
  return upsertComment({
    octokit,
    owner: 'acme',
    repo: 'web',
    issueNumber: 7,
    key: 'staging',
    mode: 'sticky',
    render,
    identity: await resolveIdentity(octokit),
    ...extra,
  });
}

const ofMarker = () => gh.state.commentsOn(7).filter((c) => c.body.includes(marker));
const count = (method: string, pathPart: string) =>
  gh.requests.filter((r) => r.method === method && r.path.includes(pathPart)).length;

describe('sticky comment', () => {
  it('is created once, then updated in place with the previous body handed to render', async () => {
    const octokit = client();
    const first = await sticky(octokit, () => 'run 1: pass');
    expect(first.action).toBe('created');
    expect(first.url).toMatch(/\/acme\/web\/pull\/7#issuecomment-\d+$/);

    const seen: Array<string | undefined> = [];
    const second = await sticky(octokit, (previous) => {
      seen.push(previous);
      return 'run 2: fail';
    });
    expect(second).toMatchObject({ action: 'updated', id: first.id });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('run 1: pass');
    const ours = ofMarker();
    expect(ours).toHaveLength(1);
    expect(ours[0].body).toBe(`${marker}\nrun 2: fail`);
    expect(ours[0].user.login).toBe('github-actions[bot]');
    expect(count('POST', '/comments')).toBe(1);
    expect(count('PATCH', '/issues/comments/')).toBe(1);
  });

  it('keeps a marker the renderer already placed, and separates keys', async () => {
    const octokit = client();
    await sticky(octokit, () => `# report\n${marker}`);
    await sticky(octokit, () => 'eu report', { key: 'staging-eu' });
    await sticky(octokit, () => `# report 2\n${marker}`);
    const bodies = gh.state.commentsOn(7).map((c) => c.body);
    expect(bodies).toEqual([`# report 2\n${marker}`, `${commentMarker('staging-eu')}\neu report`]);
  });

  it('never touches another user’s comment that carries our marker', async () => {
    const planted = gh.state.addComment(7, `${marker}\nlooks official, is not`, 'mallory');
    const octokit = client();
    const first = await sticky(octokit, () => 'ours');
    expect(first.action).toBe('created');
    expect(first.id).not.toBe(planted.id);
    await sticky(octokit, () => 'ours again');

    expect(gh.state.comments.find((c) => c.id === planted.id)?.body).toBe(
      `${marker}\nlooks official, is not`,
    );
    const touched = gh.requests.filter(
      (r) => r.method !== 'GET' && r.path.endsWith(`/${planted.id}`),
    );
    expect(touched).toEqual([]);
    expect(ofMarker().map((c) => c.user.login)).toEqual(['mallory', 'github-actions[bot]']);
  });

  it('with a personal token, edits only that user’s comment (not the bot’s)', async () => {
    const botComment = await sticky(client(ACTIONS_TOKEN), () => 'from the bot');
    const userComment = await sticky(client(USER_TOKEN), () => 'from octocat');
    expect(userComment.action).toBe('created');
    expect(userComment.id).not.toBe(botComment.id);
    const again = await sticky(client(USER_TOKEN), () => 'octocat again');
    expect(again).toMatchObject({ action: 'updated', id: userComment.id });
    expect(gh.state.comments.find((c) => c.id === botComment.id)?.body).toContain('from the bot');
  });

  it('finds ours on page 2 of more than 100 comments', async () => {
    for (let i = 0; i < 120; i++)
      gh.state.addComment(7, `chatter ${i}`, i % 2 ? 'mallory' : 'octocat');
    const ours = gh.state.addComment(7, `${marker}\nold report`, 'github-actions[bot]');
    for (let i = 0; i < 30; i++) gh.state.addComment(7, `more chatter ${i}`, 'octocat');

    const result = await sticky(client(), () => 'new report');
    expect(result).toMatchObject({ action: 'updated', id: ours.id });
    const pages = gh.requests
      .filter((r) => r.method === 'GET' && r.path.endsWith('/comments'))
      .map((r) => r.query.page ?? '1');
    expect(pages).toEqual(['1', '2']);
    expect(
      gh.requests.find((r) => r.method === 'GET' && r.path.endsWith('/comments'))?.query.per_page,
    ).toBe('100');
    expect(ofMarker()).toHaveLength(1);
  });

  it('two jobs that both find nothing and both create end with one comment, the oldest', async () => {
    // both listings are answered only once both have arrived: the race happens every time
    gh.barrier((method, path) => method === 'GET' && path.endsWith('/issues/7/comments'), 2);
    const [a, b] = await Promise.all([
      sticky(client(), () => 'job A'),
      sticky(client(), () => 'job B'),
    ]);

    expect(count('POST', '/issues/7/comments')).toBe(2);
    const ours = ofMarker();
    expect(ours).toHaveLength(1);
    const deleted = gh.requests
      .filter((r) => r.method === 'DELETE')
      .map((r) => Number(r.path.split('/').pop()));
    expect(deleted.length).toBeGreaterThanOrEqual(1);
    expect(deleted.every((id) => id > ours[0].id)).toBe(true);
    // both jobs report the survivor
    expect(a.id).toBe(ours[0].id);
    expect(b.id).toBe(ours[0].id);
    // the survivor carries the newest body: job B's if B created last, else job A's
    expect(['job A', 'job B'].some((t) => ours[0].body.endsWith(t))).toBe(true);
  });

  it('folds leftovers of an earlier race into the oldest on the next update', async () => {
    const oldest = gh.state.addComment(7, `${marker}\nrace 1`, 'github-actions[bot]');
    gh.state.addComment(7, 'human', 'octocat');
    gh.state.addComment(7, `${marker}\nrace 2`, 'github-actions[bot]');
    const seen: Array<string | undefined> = [];
    const result = await sticky(client(), (previous) => {
      seen.push(previous);
      return 'next run';
    });
    expect(result).toMatchObject({ action: 'updated', id: oldest.id });
    expect(seen[0]).toContain('race 2');
    expect(ofMarker().map((c) => [c.id, c.body])).toEqual([[oldest.id, `${marker}\nnext run`]]);
    expect(gh.state.commentsOn(7).map((c) => c.body)).toContain('human');
  });
});

describe('the racing job folded first', () => {
  it('reports the surviving comment, not our own deleted one', async () => {
    const octokit = client();
    let theirs: { id: number } | undefined;
    // the other job creates between our listing and our create…
    const render = () => {
      theirs = gh.state.addComment(7, `${marker}\njob A`, 'github-actions[bot]');
      return 'job B';
    };
    // …then lists, finds both and deletes ours before we list again
    const create = octokit.rest.issues.createComment;
    octokit.rest.issues.createComment = (async (params: Parameters<typeof create>[0]) => {
      const res = await create(params);
      gh.state.deleteComment(res.data.id);
      return res;
    }) as typeof create;
    const result = await sticky(octokit, render);
    expect(theirs).toBeDefined();
    expect(result.id).toBe(theirs!.id);
    expect(ofMarker().map((c) => c.id)).toEqual([theirs!.id]);
  });
});

describe('sticky comment deleted while we edit it', () => {
  it('creates a new one instead of failing', async () => {
    const gone = gh.state.addComment(7, `${marker}\nold`, 'github-actions[bot]');
    const result = await sticky(client(), () => {
      // someone (or a racing job) deletes it between our listing and our edit
      gh.state.deleteComment(gone.id);
      return 'fresh';
    });
    expect(result.action).toBe('created');
    expect(ofMarker().map((c) => c.body)).toEqual([`${marker}\nfresh`]);
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });
});

describe('new comment mode', () => {
  it('always posts a fresh comment and never lists or edits', async () => {
    const octokit = client();
    const first = await upsertComment({
      octokit,
      owner: 'acme',
      repo: 'web',
      issueNumber: 7,
      key: 'staging',
      mode: 'new',
      render: () => 'one',
    });
    const second = await upsertComment({
      octokit,
      owner: 'acme',
      repo: 'web',
      issueNumber: 7,
      key: 'staging',
      mode: 'new',
      render: () => 'two',
    });
    expect([first.action, second.action]).toEqual(['created', 'created']);
    expect(first.id).not.toBe(second.id);
    expect(ofMarker()).toHaveLength(2);
    expect(gh.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });
});

describe('body limit', () => {
  it('throws before sending a body over 65,536 characters', async () => {
    const octokit = client();
    const identity = await resolveIdentity(octokit);
    const before = gh.requests.length;
    await expect(
      upsertComment({
        octokit,
        owner: 'acme',
        repo: 'web',
        issueNumber: 7,
        key: 'staging',
        mode: 'new',
        render: () => 'x'.repeat(COMMENT_BODY_LIMIT),
        identity,
      }),
    ).rejects.toBeInstanceOf(CommentTooLongError);
    expect(gh.requests.length).toBe(before);
  });

  it('accepts a body exactly at the limit, counting characters rather than UTF-16 units', async () => {
    const octokit = client();
    const room = COMMENT_BODY_LIMIT - [...`${marker}\n`].length;
    const result = await upsertComment({
      octokit,
      owner: 'acme',
      repo: 'web',
      issueNumber: 7,
      key: 'staging',
      mode: 'new',
      render: () => '✅'.repeat(10) + '🚀'.repeat(room - 10),
    });
    expect(result.action).toBe('created');
  });

  it('the stand-in refuses what GitHub refuses (422 "Body is too long")', async () => {
    const err = await client(OTHER_USER_TOKEN)
      .rest.issues.createComment({
        owner: 'acme',
        repo: 'web',
        issue_number: 7,
        body: 'x'.repeat(COMMENT_BODY_LIMIT + 1),
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 422 });
    expect(JSON.stringify((err as { response: { data: unknown } }).response.data)).toContain(
      'Body is too long (maximum is 65536 characters)',
    );
  });
});
