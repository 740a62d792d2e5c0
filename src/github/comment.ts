/**
 * The PR comment: one sticky comment per PR and key, found by a hidden marker AND by being
 * ours (anyone can paste the marker into their own comment), updated in place. GitHub has no
 * lock, so two jobs can both create one; after creating we re-list and fold duplicates into
 * the oldest.
 */
import type { GithubClient } from './octokit.js';
import { isAuthoredBy, type TokenIdentity } from './identity.js';

/** GitHub refuses longer comment bodies with 422 "Body is too long". */
export const COMMENT_BODY_LIMIT = 65_536;

export type CommentMode = 'sticky' | 'new';

export interface UpsertCommentOptions {
  octokit: GithubClient;
  owner: string;
  repo: string;
  issueNumber: number;
  key: string;
  mode: CommentMode;
  /** the body; gets the body of our previous comment (sticky) so the caller can read its digest */
  render: (previousBody: string | undefined) => string;
  /** required for `sticky`: only comments written by this identity are ever edited */
  identity?: TokenIdentity;
}

export interface UpsertedComment {
  url: string;
  id: number;
  action: 'created' | 'updated';
}

export class CommentTooLongError extends Error {
  constructor(readonly length: number) {
    super(
      `comment body is ${length} characters, GitHub accepts at most ${COMMENT_BODY_LIMIT}: ` +
        'the report must be shortened before it is posted',
    );
    this.name = 'CommentTooLongError';
  }
}

/** The hidden line that tells our comments of one key apart from every other comment. */
export function commentMarker(key: string): string {
  // `--` would end the HTML comment early; keep keys to a plain, stable alphabet
  const safe = key.replace(/[^A-Za-z0-9._/:@+-]/g, '_').replace(/-{2,}/g, '-');
  return `<!-- staging-gate:comment key=${safe} -->`;
}

interface ListedComment {
  id: number;
  body?: string;
  html_url: string;
  user: { login?: string; type?: string } | null;
}

export async function upsertComment(o: UpsertCommentOptions): Promise<UpsertedComment> {
  const marker = commentMarker(o.key);
  if (o.mode === 'new') return create(o, finalBody(o.render(undefined), marker));
  const identity = o.identity;
  if (!identity) throw new Error('upsertComment: sticky mode needs the token identity');

  const ours = await listOurs(o, marker, identity);
  if (ours.length === 0) {
    const created = await create(o, finalBody(o.render(undefined), marker));
    return foldDuplicates(o, await listOurs(o, marker, identity), created);
  }
  const [keep, ...extra] = ours;
  // with leftovers of an earlier race, the newest is the latest report
  const previous = ours[ours.length - 1].body;
  const body = finalBody(o.render(previous), marker);
  let updated: { html_url: string; id: number };
  try {
    ({ data: updated } = await o.octokit.rest.issues.updateComment({
      owner: o.owner,
      repo: o.repo,
      comment_id: keep.id,
      body,
    }));
  } catch (err) {
    // deleted between listing and editing (a racing job folded it, or a person): start over once
    if (!isNotFound(err)) throw err;
    const created = await create(o, body);
    return foldDuplicates(o, await listOurs(o, marker, identity), created);
  }
  await deleteAll(o, extra);
  return { url: updated.html_url, id: updated.id, action: 'updated' };
}

/** The marker goes first, so it survives whatever the renderer does to the end of the body. */
function finalBody(rendered: string, marker: string): string {
  const body = rendered.includes(marker) ? rendered : `${marker}\n${rendered}`;
  // GitHub counts characters, not UTF-16 units
  const length = [...body].length;
  if (length > COMMENT_BODY_LIMIT) throw new CommentTooLongError(length);
  return body;
}

async function create(o: UpsertCommentOptions, body: string): Promise<UpsertedComment> {
  const { data } = await o.octokit.rest.issues.createComment({
    owner: o.owner,
    repo: o.repo,
    issue_number: o.issueNumber,
    body,
  });
  return { url: data.html_url, id: data.id, action: 'created' };
}

/** Every comment of ours with the marker, oldest first (GitHub lists by ascending id). */
async function listOurs(
  o: UpsertCommentOptions,
  marker: string,
  identity: TokenIdentity,
): Promise<ListedComment[]> {
  const all: ListedComment[] = await o.octokit.paginate(o.octokit.rest.issues.listComments, {
    owner: o.owner,
    repo: o.repo,
    issue_number: o.issueNumber,
    per_page: 100,
  });
  return all
    .filter((c) => (c.body ?? '').includes(marker) && isAuthoredBy(c.user, identity))
    .sort((a, b) => a.id - b.id);
}

/**
 * Two jobs raced and both created. Both converge on the same end state whichever finishes
 * last: the oldest comment survives, carrying the newest one's body; the rest are deleted.
 */
async function foldDuplicates(
  o: UpsertCommentOptions,
  ours: ListedComment[],
  created: UpsertedComment,
): Promise<UpsertedComment> {
  // The other racing job may already have folded and deleted our new comment: then the
  // one left standing is the comment, not ours.
  if (ours.length === 1 && ours[0].id !== created.id) {
    return { url: ours[0].html_url, id: ours[0].id, action: 'updated' };
  }
  if (ours.length <= 1) return created;
  const keep = ours[0];
  const newest = ours[ours.length - 1];
  if (newest.id !== keep.id && newest.body !== undefined && newest.body !== keep.body) {
    await o.octokit.rest.issues.updateComment({
      owner: o.owner,
      repo: o.repo,
      comment_id: keep.id,
      body: newest.body,
    });
  }
  await deleteAll(o, ours.slice(1));
  return keep.id === created.id ? created : { url: keep.html_url, id: keep.id, action: 'updated' };
}

async function deleteAll(o: UpsertCommentOptions, comments: ListedComment[]): Promise<void> {
  for (const c of comments) {
    try {
      await o.octokit.rest.issues.deleteComment({ owner: o.owner, repo: o.repo, comment_id: c.id });
    } catch (err) {
      // the other racing job deleted it first
      if (!isNotFound(err)) throw err;
    }
  }
}

function isNotFound(err: unknown): boolean {
  return (err as { status?: unknown } | null)?.status === 404;
}
