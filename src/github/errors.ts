/**
 * GitHub failures in words a workflow author can act on: which permission is missing, which
 * limit was hit, whether GitHub itself was down. The text becomes a warning; it never changes
 * the verdict. Facts come from Octokit's RequestError (status, response headers and message,
 * request method and URL); the authorization header is never read.
 */

export type GithubWhat = 'comment' | 'status' | 'find-pr' | 'identity';

const DOING: Record<GithubWhat, string> = {
  comment: 'post the pull request comment',
  status: 'set the commit status',
  'find-pr': 'find the pull request of this commit',
  identity: 'find out who the github-token is (GraphQL viewer)',
};

const PERMISSION: Record<GithubWhat, string> = {
  comment: 'pull-requests: write',
  status: 'statuses: write',
  'find-pr': 'pull-requests: read',
  identity: 'a token GitHub accepts',
};

interface RequestErrorFacts {
  status?: number;
  message: string;
  headers: Record<string, string | undefined>;
  apiMessage?: string;
  validation: string[];
  where?: string;
  retries?: number;
  hasResponse: boolean;
}

export function describeGithubFailure(err: unknown, what: GithubWhat): string {
  const f = factsOf(err);
  const lead = `staging-gate could not ${DOING[what]}`;
  const where = f.where ? ` (${f.where})` : '';
  const said = f.apiMessage ?? f.message;

  if ((f.status === 403 || f.status === 429) && f.headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(f.headers['x-ratelimit-reset']);
    const at =
      Number.isFinite(reset) && reset > 0
        ? `; it resets at ${new Date(reset * 1000).toISOString()}`
        : '';
    return `${lead}: the GitHub API rate limit of this token is exhausted${at}${where}.`;
  }
  if ((f.status === 403 || f.status === 429) && /secondary rate limit/i.test(said)) {
    return `${lead}: GitHub's secondary rate limit refused the request even after waiting${where}.`;
  }
  if (f.status === 403 && /not accessible by integration/i.test(said)) {
    const fork =
      what === 'comment' || what === 'status'
        ? ' Pull requests from forks get a read-only token whatever the workflow asks for: report from a `workflow_run` or `pull_request_target` workflow instead.'
        : '';
    return (
      `${lead}: the github-token lacks \`${PERMISSION[what]}\` (403 "Resource not accessible by integration")${where}. ` +
      `Add \`permissions: ${PERMISSION[what]}\` to the job.${fork}`
    );
  }
  if (f.status === 401) {
    return `${lead}: GitHub rejected the github-token (401 ${said})${where}; it is invalid or expired.`;
  }
  if (f.status === 403) {
    return `${lead}: 403 ${said}${where}; the token may lack \`${PERMISSION[what]}\`.`;
  }
  if (f.status === 404) {
    return `${lead}: 404 Not Found${where}; the repository or pull request does not exist or the token cannot see it.`;
  }
  if (f.status === 422) {
    const details = f.validation.length > 0 ? `: ${f.validation.join('; ')}` : '';
    return `${lead}: GitHub refused the request as invalid (422 ${said}${details})${where}.`;
  }
  const retried = f.retries ? ` after ${f.retries} ${f.retries === 1 ? 'retry' : 'retries'}` : '';
  if (f.status !== undefined && f.status >= 500 && !f.hasResponse) {
    // Octokit reports a failed fetch (refused, reset, DNS, TLS) as status 500 without a response
    return `${lead}: the GitHub API could not be reached${retried}: ${f.message}${where}.`;
  }
  if (f.status !== undefined && f.status >= 500) {
    return `${lead}: GitHub answered ${f.status} ${said}${retried}${where}.`;
  }
  if (f.status !== undefined) return `${lead}: GitHub answered ${f.status} ${said}${where}.`;
  return `${lead}: ${f.message}`;
}

/** Whether an error came from a GitHub request (rather than from our own code). */
export function isGithubRequestError(err: unknown): boolean {
  return typeof (err as { status?: unknown } | null)?.status === 'number';
}

function factsOf(err: unknown): RequestErrorFacts {
  const e = (err ?? {}) as {
    status?: unknown;
    message?: unknown;
    response?: { headers?: Record<string, unknown>; data?: unknown };
    request?: { method?: unknown; url?: unknown; request?: { retryCount?: unknown } };
  };
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(e.response?.headers ?? {})) {
    headers[k.toLowerCase()] = v === undefined || v === null ? undefined : String(v);
  }
  const data = (e.response?.data ?? {}) as { message?: unknown; errors?: unknown };
  const validation = Array.isArray(data.errors)
    ? data.errors.map((x: { message?: unknown; field?: unknown; code?: unknown }) =>
        typeof x.message === 'string' ? x.message : `${String(x.field)} ${String(x.code)}`,
      )
    : [];
  const method = typeof e.request?.method === 'string' ? e.request.method : undefined;
  const url = typeof e.request?.url === 'string' ? pathOf(e.request.url) : undefined;
  const retries = Number(e.request?.request?.retryCount);
  return {
    status: typeof e.status === 'number' ? e.status : undefined,
    message: typeof e.message === 'string' ? e.message : String(err),
    headers,
    apiMessage: typeof data.message === 'string' ? data.message : undefined,
    validation,
    where: method && url ? `${method} ${url}` : undefined,
    retries: Number.isFinite(retries) && retries > 0 ? retries : undefined,
    hasResponse: e.response !== undefined,
  };
}

/** The path of a request URL: enough to say which call failed, without hosts or queries. */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0];
  }
}
