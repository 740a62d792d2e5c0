/**
 * What the GitHub stand-in answers, shaped after GitHub's documented JSON: comments, pull
 * requests, users, and the error bodies GitHub sends (404, 422 Validation Failed, 403 for
 * read-only tokens and rate limits, 5xx).
 */
import type {
  StandinAccount,
  StandinComment,
  StandinFault,
  StandinPull,
  StandinState,
} from './github-standin-state.js';

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function faultAnswer(fault: StandinFault, state: StandinState): Answer {
  if (fault.kind === 'server') return { status: fault.status, body: { message: 'Server Error' } };
  if (fault.kind === 'primary-rate-limit') {
    return {
      status: 403,
      headers: {
        'x-ratelimit-limit': '1000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '1000',
        'x-ratelimit-reset': String(state.nowEpochSec() + fault.resetInSec),
        'x-ratelimit-resource': 'core',
      },
      body: {
        message: 'API rate limit exceeded for installation ID 1.',
        documentation_url:
          'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
        status: '403',
      },
    };
  }
  return {
    status: 403,
    headers: { 'retry-after': String(fault.retryAfterSec) },
    body: {
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url:
        'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      status: '403',
    },
  };
}

export function notAccessible(repoPath: string): Answer {
  const doc = repoPath.startsWith('/statuses/')
    ? 'https://docs.github.com/rest/commits/statuses#create-a-commit-status'
    : 'https://docs.github.com/rest/issues/comments#create-an-issue-comment';
  return {
    status: 403,
    body: {
      message: 'Resource not accessible by integration',
      documentation_url: doc,
      status: '403',
    },
  };
}

export function notFound(): Answer {
  return {
    status: 404,
    body: {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    },
  };
}

export function validationFailed(error: Record<string, string>): Answer {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [error],
      documentation_url: 'https://docs.github.com/rest',
      status: '422',
    },
  };
}

export function commentJson(c: StandinComment, state: StandinState, serverUrl: string): unknown {
  const kind = state.isPull(c.issueNumber) ? 'pull' : 'issues';
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `https://api.github.com/repos/${state.fullName}/issues/comments/${c.id}`,
    html_url: `${serverUrl}/${state.fullName}/${kind}/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `https://api.github.com/repos/${state.fullName}/issues/${c.issueNumber}`,
    body: c.body,
    user: { login: c.user.login, id: c.user.id, type: c.user.type },
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER',
  };
}

export function pullJson(p: StandinPull, state: StandinState, serverUrl: string): unknown {
  const base = p.baseRepo ?? state.fullName;
  const head = p.headRepo ?? base;
  const repoJson = (fullName: string) => ({
    full_name: fullName,
    name: fullName.split('/')[1],
    owner: { login: fullName.split('/')[0] },
  });
  return {
    number: p.number,
    state: p.state,
    html_url: `${serverUrl}/${base}/pull/${p.number}`,
    merged_at: p.merged ? state.nowIso() : null,
    merge_commit_sha: p.mergeCommitSha ?? null,
    head: { ref: p.headRef ?? `branch-${p.number}`, sha: p.headSha, repo: repoJson(head) },
    base: { ref: 'main', sha: '0'.repeat(40), repo: repoJson(base) },
  };
}

export function userJson(account: StandinAccount): unknown {
  return { login: account.login, id: account.id, type: account.type };
}
