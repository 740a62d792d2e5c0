/**
 * The commit status `staging-gate/<key>`: a required check that branch protection can use.
 */
import type { GithubClient } from './octokit.js';

/** GitHub refuses longer status descriptions with 422. */
export const STATUS_DESCRIPTION_LIMIT = 140;

export type CommitState = 'success' | 'failure' | 'error' | 'pending';

export interface CommitStatusOptions {
  octokit: GithubClient;
  owner: string;
  repo: string;
  sha: string;
  /** `staging-gate/<comment-key>` */
  context: string;
  state: CommitState;
  description: string;
  targetUrl?: string;
}

export async function setCommitStatus(o: CommitStatusOptions): Promise<void> {
  await o.octokit.rest.repos.createCommitStatus({
    owner: o.owner,
    repo: o.repo,
    sha: o.sha,
    state: o.state,
    context: o.context,
    description: truncateDescription(o.description),
    ...(o.targetUrl ? { target_url: o.targetUrl } : {}),
  });
}

/** At most 140 characters (not UTF-16 units), one line, ending in `…` when cut. */
export function truncateDescription(description: string): string {
  const chars = [...description.replace(/\s+/g, ' ').trim()];
  if (chars.length <= STATUS_DESCRIPTION_LIMIT) return chars.join('');
  return chars.slice(0, STATUS_DESCRIPTION_LIMIT - 1).join('') + '…';
}
