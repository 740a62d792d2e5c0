/**
 * The state of the GitHub stand-in: accounts (token → user), pull requests, issue comments,
 * commit statuses and the faults queued for the next requests. Tests read and seed it
 * directly; the HTTP layer (`github-standin.ts`) only translates requests into these calls.
 */

export interface StandinAccount {
  login: string;
  type: 'User' | 'Bot';
  id: number;
  /** what GraphQL `viewer { login }` answers; GitHub names the Actions app `github-actions` there */
  viewerLogin?: string;
  /** a fork PR's token: every write answers 403 "Resource not accessible by integration" */
  readOnly?: boolean;
}

export interface StandinPull {
  number: number;
  state: 'open' | 'closed';
  merged?: boolean;
  headSha: string;
  headRef?: string;
  /** owner/name of the head repository; a fork PR's head lives in another repository */
  headRepo?: string;
  /** owner/name of the base repository; defaults to the stand-in's repository */
  baseRepo?: string;
  mergeCommitSha?: string;
}

export interface StandinComment {
  id: number;
  issueNumber: number;
  body: string;
  user: { login: string; id: number; type: 'User' | 'Bot' };
  createdAt: string;
  updatedAt: string;
}

export interface StandinStatus {
  id: number;
  sha: string;
  state: string;
  context: string;
  description?: string;
  targetUrl?: string;
  creator: string;
}

export type StandinFault =
  | { kind: 'server'; status: number }
  | { kind: 'primary-rate-limit'; resetInSec: number }
  | { kind: 'secondary-rate-limit'; retryAfterSec: number };

/** The token GitHub gives a workflow: the `github-actions[bot]` installation. */
export const ACTIONS_TOKEN = 'ghs_standin_actions';
/** A personal access token of a plain user. */
export const USER_TOKEN = 'ghp_standin_octocat';
/** Another user, for comments that are not ours. */
export const OTHER_USER_TOKEN = 'ghp_standin_mallory';
/** A fork pull request's read-only GITHUB_TOKEN. */
export const READ_ONLY_TOKEN = 'ghs_standin_fork_readonly';

export function defaultAccounts(): Record<string, StandinAccount> {
  return {
    [ACTIONS_TOKEN]: {
      login: 'github-actions[bot]',
      type: 'Bot',
      id: 41898282,
      viewerLogin: 'github-actions',
    },
    [USER_TOKEN]: { login: 'octocat', type: 'User', id: 583231 },
    [OTHER_USER_TOKEN]: { login: 'mallory', type: 'User', id: 777 },
    [READ_ONLY_TOKEN]: {
      login: 'github-actions[bot]',
      type: 'Bot',
      id: 41898282,
      viewerLogin: 'github-actions',
      readOnly: true,
    },
  };
}

export interface StandinStateOptions {
  owner: string;
  repo: string;
  accounts: Record<string, StandinAccount>;
  pulls: StandinPull[];
  /** issue numbers that exist besides the pull requests */
  issues: number[];
  now: () => Date;
}

export class StandinState {
  readonly owner: string;
  readonly repo: string;
  readonly accounts: Record<string, StandinAccount>;
  readonly pulls: StandinPull[];
  readonly comments: StandinComment[] = [];
  readonly statuses: StandinStatus[] = [];
  private readonly issues: Set<number>;
  private readonly faults: StandinFault[] = [];
  private readonly now: () => Date;
  private nextId = 1000;

  constructor(options: StandinStateOptions) {
    this.owner = options.owner;
    this.repo = options.repo;
    this.accounts = options.accounts;
    this.pulls = options.pulls;
    this.issues = new Set(options.issues);
    this.now = options.now;
  }

  get fullName(): string {
    return `${this.owner}/${this.repo}`;
  }

  issueExists(issueNumber: number): boolean {
    return this.issues.has(issueNumber) || this.pulls.some((p) => p.number === issueNumber);
  }

  isPull(issueNumber: number): boolean {
    return this.pulls.some((p) => p.number === issueNumber);
  }

  commentsOn(issueNumber: number): StandinComment[] {
    return this.comments.filter((c) => c.issueNumber === issueNumber).sort((a, b) => a.id - b.id);
  }

  /** A comment written by `login` (an existing account, or a user made up on the spot). */
  addComment(issueNumber: number, body: string, login: string): StandinComment {
    const account = Object.values(this.accounts).find((a) => a.login === login);
    const user = account
      ? { login: account.login, id: account.id, type: account.type }
      : {
          login,
          id: this.takeId(),
          type: login.endsWith('[bot]') ? ('Bot' as const) : ('User' as const),
        };
    const at = this.now().toISOString();
    const comment: StandinComment = {
      id: this.takeId(),
      issueNumber,
      body,
      user,
      createdAt: at,
      updatedAt: at,
    };
    this.comments.push(comment);
    return comment;
  }

  updateComment(id: number, body: string): StandinComment | undefined {
    const comment = this.comments.find((c) => c.id === id);
    if (!comment) return undefined;
    comment.body = body;
    comment.updatedAt = this.now().toISOString();
    return comment;
  }

  deleteComment(id: number): boolean {
    const index = this.comments.findIndex((c) => c.id === id);
    if (index < 0) return false;
    this.comments.splice(index, 1);
    return true;
  }

  addStatus(status: Omit<StandinStatus, 'id'>): StandinStatus {
    const stored = { ...status, id: this.takeId() };
    this.statuses.push(stored);
    return stored;
  }

  /**
   * What `GET /commits/{sha}/pulls` associates with a commit: open or merged PRs whose head is
   * the commit, and merged PRs whose merge commit it is, whichever repository they target.
   */
  pullsForCommit(sha: string): StandinPull[] {
    return this.pulls.filter(
      (p) =>
        (p.headSha === sha && (p.state === 'open' || p.merged === true)) ||
        (p.merged === true && p.mergeCommitSha === sha),
    );
  }

  /** The next `count` requests answer with a 5xx (`status`, default 502). */
  failNext(count: number, status = 502): void {
    for (let i = 0; i < count; i++) this.faults.push({ kind: 'server', status });
  }

  /** The next `count` requests hit the primary (hourly) rate limit, reset `resetInSec` from now. */
  rateLimitNext(count: number, resetInSec = 1): void {
    for (let i = 0; i < count; i++) this.faults.push({ kind: 'primary-rate-limit', resetInSec });
  }

  /** The next `count` requests hit a secondary rate limit with `retry-after`. */
  secondaryRateLimitNext(count: number, retryAfterSec = 1): void {
    for (let i = 0; i < count; i++)
      this.faults.push({ kind: 'secondary-rate-limit', retryAfterSec });
  }

  takeFault(): StandinFault | undefined {
    return this.faults.shift();
  }

  nowEpochSec(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  private takeId(): number {
    return this.nextId++;
  }
}
