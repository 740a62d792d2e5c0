/**
 * Everything the action tells GitHub, in one call: find the PR → who are we → the comment →
 * the commit status. Each GitHub failure becomes a warning and the next step still runs; the
 * verdict was decided before and nothing here can change it, so this never throws.
 */
import { upsertComment } from './comment.js';
import { describeGithubFailure, type GithubWhat } from './errors.js';
import { readEventContext, subjectSha, type GithubEvent } from './event.js';
import { findPullRequest } from './find-pr.js';
import { resolveIdentity } from './identity.js';
import {
  apiUrlsFromEnv,
  createOctokit,
  SILENT_LOG,
  type GithubClient,
  type GithubLog,
  type OctokitTiming,
} from './octokit.js';
import { setCommitStatus, type CommitState } from './status.js';

export interface PublishOptions {
  /** the runner's environment (GITHUB_*), injected */
  env: Record<string, string | undefined>;
  token: string | undefined;
  commentMode: 'sticky' | 'new' | 'off';
  commentKey: string;
  /** the `pr-number` input */
  prNumber?: number;
  commitStatus: boolean;
  state: CommitState;
  /** one line for the commit status (cut to 140 characters) */
  description: string;
  render: (previousBody: string | undefined) => string;
  log?: GithubLog;
  /** tests only: tiny retry delays against the stand-in */
  timing?: Partial<OctokitTiming>;
}

export interface PublishOutcome {
  commentUrl?: string;
  prNumber?: number;
  statusContext?: string;
  warnings: string[];
  notices: string[];
}

export async function publishToGithub(o: PublishOptions): Promise<PublishOutcome> {
  const out: PublishOutcome = { warnings: [], notices: [] };
  const wantComment = o.commentMode !== 'off';
  if (!wantComment && !o.commitStatus) return out;
  if (!o.token) {
    out.notices.push('No github-token: no PR comment or commit status was published.');
    return out;
  }
  let event: GithubEvent;
  try {
    event = readEventContext(o.env);
  } catch (err) {
    out.notices.push(`Not publishing to GitHub: ${(err as Error).message}`);
    return out;
  }
  const log = o.log ?? SILENT_LOG;
  const octokit = createOctokit(o.token, { ...apiUrlsFromEnv(o.env), log, timing: o.timing });
  const attempt = makeAttempt(out, log);

  if (wantComment) await publishComment(o, event, octokit, attempt, out);
  if (o.commitStatus) {
    const sha = subjectSha(event);
    const context = `staging-gate/${o.commentKey}`;
    if (!sha) {
      out.notices.push('No commit sha in the event (GITHUB_SHA unset): commit status skipped.');
    } else {
      const ok = await attempt('status', () =>
        setCommitStatus({
          octokit,
          owner: event.owner,
          repo: event.repo,
          sha,
          context,
          state: o.state,
          description: o.description,
          targetUrl: event.runUrl,
        }),
      );
      if (ok.done) out.statusContext = context;
    }
  }
  return out;
}

async function publishComment(
  o: PublishOptions,
  event: GithubEvent,
  octokit: GithubClient,
  attempt: Attempt,
  out: PublishOutcome,
): Promise<void> {
  const found = await attempt('find-pr', () => findPullRequest(octokit, event, o.prNumber));
  if (!found.done) return;
  if (found.value === undefined) {
    out.notices.push(
      `No open pull request found for this ${event.eventName || 'run'} (commit ${subjectSha(event).slice(0, 12) || 'unknown'}): ` +
        'no comment was posted. Set `pr-number` to choose one.',
    );
    return;
  }
  const pr = found.value.number;
  out.prNumber = pr;
  const identity =
    o.commentMode === 'sticky'
      ? await attempt('identity', () => resolveIdentity(octokit))
      : undefined;
  if (identity && !identity.done) return;
  const mode = o.commentMode === 'new' ? 'new' : 'sticky';
  const posted = await attempt('comment', () =>
    upsertComment({
      octokit,
      owner: event.owner,
      repo: event.repo,
      issueNumber: pr,
      key: o.commentKey,
      mode,
      render: o.render,
      identity: identity?.value,
    }),
  );
  if (posted.done) out.commentUrl = posted.value.url;
}

type Attempted<T> = { done: true; value: T } | { done: false };
type Attempt = <T>(what: GithubWhat, fn: () => Promise<T>) => Promise<Attempted<T>>;

/** Runs one step; a failure becomes a warning (our own bugs too: the verdict must stand). */
function makeAttempt(out: PublishOutcome, log: GithubLog): Attempt {
  return async (what, fn) => {
    try {
      return { done: true, value: await fn() };
    } catch (err) {
      const text = describeGithubFailure(err, what);
      log.debug(`${text} [${err instanceof Error ? err.name : typeof err}]`);
      out.warnings.push(text);
      return { done: false };
    }
  };
}
