/**
 * The GitHub stand-in's routes: a request (method, path, body, the token's account) in, an
 * answer out. Validation follows GitHub: comment bodies up to 65,536 characters, status
 * descriptions up to 140, writes refused for read-only tokens.
 */
import {
  commentJson,
  faultAnswer,
  notAccessible,
  notFound,
  pullJson,
  userJson,
  validationFailed,
  type Answer,
} from './github-standin-answers.js';
import type { StandinAccount, StandinComment, StandinState } from './github-standin-state.js';

/** The id GitHub's `Link` URLs use for the repository (`/repositories/{id}/…`). */
export const REPOSITORY_ID = 123456;
const BODY_LIMIT = 65_536;
const DESCRIPTION_LIMIT = 140;
const STATUS_STATES = ['error', 'failure', 'pending', 'success'];

export interface Ctx {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  account?: StandinAccount;
  host: string;
}

export function answer(ctx: Ctx, state: StandinState, serverUrl: string): Answer {
  const fault = state.takeFault();
  if (fault) return faultAnswer(fault, state);
  if (ctx.account === undefined) {
    return {
      status: 401,
      body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' },
    };
  }
  if (ctx.method === 'POST' && ctx.path === '/graphql') return graphql(ctx.body, ctx.account);
  if (ctx.method === 'GET' && ctx.path === '/user') return authenticatedUser(ctx.account);

  const repoPath = matchRepo(ctx.path, state);
  if (repoPath === undefined) return notFound();
  if (ctx.method !== 'GET' && ctx.account.readOnly) return notAccessible(repoPath);

  let m = /^\/issues\/(\d+)\/comments$/.exec(repoPath);
  if (m) {
    const issueNumber = Number(m[1]);
    if (!state.issueExists(issueNumber)) return notFound();
    if (ctx.method === 'GET') return listComments(ctx, state, issueNumber, serverUrl);
    if (ctx.method === 'POST') return createComment(ctx, state, issueNumber, serverUrl);
  }
  m = /^\/issues\/comments\/(\d+)$/.exec(repoPath);
  if (m) return commentById(ctx, state, Number(m[1]), serverUrl);
  m = /^\/commits\/([^/]+)\/pulls$/.exec(repoPath);
  if (m && ctx.method === 'GET') {
    return {
      status: 200,
      body: state.pullsForCommit(m[1]).map((p) => pullJson(p, state, serverUrl)),
    };
  }
  m = /^\/statuses\/([^/]+)$/.exec(repoPath);
  if (m && ctx.method === 'POST') return createStatus(ctx, state, m[1]);
  return notFound();
}

/** `/repos/{owner}/{repo}/rest` or `/repositories/{id}/rest` (the form GitHub's `Link` URLs use) → `/rest`. */
function matchRepo(path: string, state: StandinState): string | undefined {
  const byName = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(path);
  if (byName) {
    const same = `${byName[1]}/${byName[2]}`.toLowerCase() === state.fullName.toLowerCase();
    return same ? byName[3] : undefined;
  }
  const byId = /^\/repositories\/(\d+)(\/.*)$/.exec(path);
  return byId && Number(byId[1]) === REPOSITORY_ID ? byId[2] : undefined;
}

function listComments(
  ctx: Ctx,
  state: StandinState,
  issueNumber: number,
  serverUrl: string,
): Answer {
  const perPage = Math.min(Math.max(Number(ctx.query.get('per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(ctx.query.get('page') ?? 1) || 1, 1);
  const all = state.commentsOn(issueNumber);
  const lastPage = Math.max(Math.ceil(all.length / perPage), 1);
  const slice = all.slice((page - 1) * perPage, page * perPage);
  const pageUrl = (n: number) =>
    `http://${ctx.host}/repositories/${REPOSITORY_ID}/issues/${issueNumber}/comments?per_page=${perPage}&page=${n}`;
  const links: string[] = [];
  if (page > 1) links.push(`<${pageUrl(page - 1)}>; rel="prev"`);
  if (page < lastPage)
    links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(lastPage)}>; rel="last"`);
  if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`);
  return {
    status: 200,
    body: slice.map((c) => commentJson(c, state, serverUrl)),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
}

function createComment(
  ctx: Ctx,
  state: StandinState,
  issueNumber: number,
  serverUrl: string,
): Answer {
  const invalid = validateBody(ctx.body);
  if (invalid) return invalid;
  const body = (ctx.body as { body: string }).body;
  const comment = state.addComment(issueNumber, body, (ctx.account as StandinAccount).login);
  return { status: 201, body: commentJson(comment, state, serverUrl) };
}

function commentById(ctx: Ctx, state: StandinState, id: number, serverUrl: string): Answer {
  const existing = state.comments.find((c) => c.id === id);
  if (!existing) return notFound();
  if (ctx.method === 'GET') return { status: 200, body: commentJson(existing, state, serverUrl) };
  if (ctx.method === 'PATCH') {
    const invalid = validateBody(ctx.body);
    if (invalid) return invalid;
    const updated = state.updateComment(id, (ctx.body as { body: string }).body) as StandinComment;
    return { status: 200, body: commentJson(updated, state, serverUrl) };
  }
  if (ctx.method === 'DELETE') {
    state.deleteComment(id);
    return { status: 204 };
  }
  return notFound();
}

function validateBody(payload: unknown): Answer | undefined {
  const body = (payload as { body?: unknown } | undefined)?.body;
  if (typeof body !== 'string' || body.length === 0) {
    return validationFailed({ resource: 'IssueComment', code: 'missing_field', field: 'body' });
  }
  if ([...body].length > BODY_LIMIT) {
    return validationFailed({
      resource: 'IssueComment',
      code: 'unprocessable',
      field: 'data',
      message: `Body is too long (maximum is ${BODY_LIMIT} characters)`,
    });
  }
  return undefined;
}

function createStatus(ctx: Ctx, state: StandinState, sha: string): Answer {
  const input = (ctx.body ?? {}) as Record<string, unknown>;
  const st = input.state;
  if (typeof st !== 'string' || !STATUS_STATES.includes(st)) {
    return validationFailed({
      resource: 'Status',
      code: 'custom',
      field: 'state',
      message: `state is not included in the list`,
    });
  }
  const description = typeof input.description === 'string' ? input.description : undefined;
  if (description !== undefined && [...description].length > DESCRIPTION_LIMIT) {
    return validationFailed({
      resource: 'Status',
      code: 'custom',
      field: 'description',
      message: `description is too long (maximum is ${DESCRIPTION_LIMIT} characters)`,
    });
  }
  const stored = state.addStatus({
    sha,
    state: st,
    context: typeof input.context === 'string' ? input.context : 'default',
    description,
    targetUrl: typeof input.target_url === 'string' ? input.target_url : undefined,
    creator: (ctx.account as StandinAccount).login,
  });
  const at = state.nowIso();
  return {
    status: 201,
    body: {
      id: stored.id,
      state: stored.state,
      description: stored.description ?? null,
      target_url: stored.targetUrl ?? null,
      context: stored.context,
      created_at: at,
      updated_at: at,
      creator: userJson(ctx.account as StandinAccount),
    },
  };
}

function graphql(payload: unknown, account: StandinAccount): Answer {
  const query = (payload as { query?: unknown } | undefined)?.query;
  if (typeof query === 'string' && /\bviewer\s*\{[^}]*\blogin\b/.test(query)) {
    return {
      status: 200,
      body: { data: { viewer: { login: account.viewerLogin ?? account.login } } },
    };
  }
  return {
    status: 200,
    body: { errors: [{ message: 'the stand-in answers only `viewer { login }`' }] },
  };
}

function authenticatedUser(account: StandinAccount): Answer {
  // An installation token is not a user: GitHub refuses GET /user for it.
  if (account.type === 'Bot') {
    return {
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
        status: '403',
      },
    };
  }
  return { status: 200, body: userJson(account) };
}
