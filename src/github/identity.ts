/**
 * Who the token is, so that a sticky comment is only ever one we wrote. `GET /user` answers 403
 * for installation tokens (the workflow's GITHUB_TOKEN), so we ask GraphQL's `viewer`, which
 * answers for both installation tokens and personal tokens.
 */
import type { GithubClient } from './octokit.js';

export interface TokenIdentity {
  /** `viewer.login` as GraphQL gives it: `github-actions` (or `…[bot]`) for GITHUB_TOKEN */
  login: string;
}

// One lookup per client, and a client lives for one run: the token's identity cannot change.
const cache = new WeakMap<GithubClient, Promise<TokenIdentity>>();

export function resolveIdentity(octokit: GithubClient): Promise<TokenIdentity> {
  let pending = cache.get(octokit);
  if (!pending) {
    pending = queryViewer(octokit);
    cache.set(octokit, pending);
    // a failed lookup is not remembered: the caller may try again
    pending.catch(() => cache.delete(octokit));
  }
  return pending;
}

async function queryViewer(octokit: GithubClient): Promise<TokenIdentity> {
  const data = await octokit.graphql<{ viewer?: { login?: unknown } }>(
    'query { viewer { login } }',
  );
  const login = data.viewer?.login;
  if (typeof login !== 'string' || login === '') {
    throw new Error('GraphQL `viewer { login }` answered without a login');
  }
  return { login };
}

/**
 * Whether a REST comment author is the token's identity. For GITHUB_TOKEN, GraphQL names the
 * app `github-actions` while REST names its bot user `github-actions[bot]` (type `Bot`); a
 * `[bot]` login is reserved to that app, so the suffix is accepted only for type `Bot`.
 * Logins are case-insensitive on GitHub.
 */
export function isAuthoredBy(
  user: { login?: string; type?: string } | null | undefined,
  identity: TokenIdentity,
): boolean {
  const login = user?.login?.toLowerCase();
  if (!login) return false;
  const ours = identity.login.toLowerCase();
  if (login === ours) return true;
  return user?.type === 'Bot' && login === `${ours}[bot]`;
}
