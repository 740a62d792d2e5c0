/**
 * Which pull request this run reports to. The payload names it for pull_request events and for
 * most workflow_run events; for a workflow_run from a fork (its `pull_requests` is empty), a
 * push, a deployment or a manual dispatch we ask GitHub which open PR of this repository has
 * the commit as its head.
 */
import { numberAt, stringAt, subjectSha, valueAt, type GithubEvent } from './event.js';
import type { GithubClient } from './octokit.js';

export type PullRequestSource = 'input' | 'payload' | 'workflow_run' | 'commit';

export interface FoundPullRequest {
  number: number;
  source: PullRequestSource;
}

/** Events whose commit may belong to an open PR that the payload does not name. */
const COMMIT_LOOKUP_EVENTS = new Set([
  'push',
  'deployment',
  'deployment_status',
  'workflow_dispatch',
  'workflow_run',
]);

export async function findPullRequest(
  octokit: GithubClient,
  event: GithubEvent,
  prNumberInput?: number,
): Promise<FoundPullRequest | undefined> {
  if (prNumberInput !== undefined) return { number: prNumberInput, source: 'input' };
  const fromPayload = pullRequestInPayload(event);
  if (fromPayload !== undefined) return { number: fromPayload, source: 'payload' };
  const fromRun = pullRequestOfWorkflowRun(event);
  if (fromRun !== undefined) return { number: fromRun, source: 'workflow_run' };
  if (!COMMIT_LOOKUP_EVENTS.has(event.eventName)) return undefined;
  const sha = subjectSha(event);
  if (!sha) return undefined;
  const fromCommit = await openPullRequestWithHead(octokit, event, sha);
  return fromCommit === undefined ? undefined : { number: fromCommit, source: 'commit' };
}

/** pull_request, pull_request_target, pull_request_review…, and issue_comment on a PR. */
function pullRequestInPayload(event: GithubEvent): number | undefined {
  const pr = numberAt(event.payload, 'pull_request', 'number');
  if (pr !== undefined) return pr;
  if (valueAt(event.payload, 'issue', 'pull_request') !== undefined) {
    return numberAt(event.payload, 'issue', 'number');
  }
  return undefined;
}

/**
 * `workflow_run.pull_requests` may list PRs of other repositories that share the head branch
 * name (a fork's own PRs); only a PR whose base is this repository is ours.
 */
function pullRequestOfWorkflowRun(event: GithubEvent): number | undefined {
  if (event.eventName !== 'workflow_run') return undefined;
  const prs = valueAt(event.payload, 'workflow_run', 'pull_requests');
  if (!Array.isArray(prs)) return undefined;
  const repoId = valueAt(event.payload, 'repository', 'id');
  const repoApiSuffix = `/repos/${event.owner}/${event.repo}`.toLowerCase();
  for (const pr of prs) {
    const baseId = valueAt(pr, 'base', 'repo', 'id');
    const baseUrl = stringAt(pr, 'base', 'repo', 'url')?.toLowerCase();
    const ours =
      repoId !== undefined && baseId !== undefined
        ? baseId === repoId
        : baseUrl !== undefined
          ? baseUrl.endsWith(repoApiSuffix)
          : true;
    const number = numberAt(pr, 'number');
    if (ours && number !== undefined) return number;
  }
  return undefined;
}

async function openPullRequestWithHead(
  octokit: GithubClient,
  event: GithubEvent,
  sha: string,
): Promise<number | undefined> {
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
    owner: event.owner,
    repo: event.repo,
    commit_sha: sha,
    per_page: 100,
  });
  const fullName = `${event.owner}/${event.repo}`.toLowerCase();
  // Merged PRs are associated too (their merge commit): a comment there helps nobody.
  const open = data.filter(
    (pr) =>
      pr.state === 'open' &&
      pr.head.sha === sha &&
      pr.base.repo.full_name.toLowerCase() === fullName,
  );
  return open[0]?.number;
}
