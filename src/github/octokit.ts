/**
 * The one GitHub client of the action: `@actions/github`'s Octokit with the retry plugin (5xx,
 * network errors) and the throttling plugin (rate limits, GitHub's recommended write spacing).
 * The timing is injectable so tests against the loopback stand-in retry in milliseconds.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';

export type GithubClient = ReturnType<typeof getOctokit>;

export interface GithubLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export interface OctokitTiming {
  /** milliseconds per second of a computed back-off or `retry-after` (1000 for real) */
  retryAfterBaseMs: number;
  /** a rate limit that resets later than this is not waited for: a job should not sleep an hour */
  maxRetryAfterSec: number;
  /** keep GitHub's recommended spacing between writes (1 s, 3 s for notifying ones) */
  spaceWrites: boolean;
  /** retries of a 5xx or a network failure */
  retries: number;
}

export const GITHUB_TIMING: OctokitTiming = {
  retryAfterBaseMs: 1000,
  maxRetryAfterSec: 60,
  spaceWrites: true,
  retries: 3,
};

/** How often a rate-limited request is retried before we give up (the brief: twice). */
export const RATE_LIMIT_RETRIES = 2;

export interface OctokitSettings {
  /** REST root; `GITHUB_API_URL` on the runner, `https://<host>/api/v3` on GHES */
  baseUrl?: string;
  /** `GITHUB_GRAPHQL_URL`; when absent Octokit derives it from `baseUrl` */
  graphqlUrl?: string;
  log?: GithubLog;
  timing?: Partial<OctokitTiming>;
}

export const SILENT_LOG: GithubLog = { debug: () => {}, info: () => {}, warn: () => {} };

/** The API roots from the runner's environment (GHES sets both). */
export function apiUrlsFromEnv(env: Record<string, string | undefined>): {
  baseUrl: string;
  graphqlUrl?: string;
} {
  const baseUrl = nonEmpty(env.GITHUB_API_URL) ?? 'https://api.github.com';
  return { baseUrl: baseUrl.replace(/\/+$/, ''), graphqlUrl: nonEmpty(env.GITHUB_GRAPHQL_URL) };
}

export function createOctokit(token: string, settings: OctokitSettings = {}): GithubClient {
  const timing = { ...GITHUB_TIMING, ...settings.timing };
  const log = settings.log ?? SILENT_LOG;
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      options: { method: string; url: string },
      _octokit: unknown,
      retryCount: number,
    ) => {
      const where = `${options.method} ${options.url}`;
      if (retryCount < RATE_LIMIT_RETRIES && retryAfter <= timing.maxRetryAfterSec) {
        log.info(
          `GitHub ${kind} on ${where}: retrying in ${retryAfter} s (${retryCount + 1}/${RATE_LIMIT_RETRIES})`,
        );
        return true;
      }
      log.warn(`GitHub ${kind} on ${where}: giving up (reset in ${retryAfter} s)`);
      return false;
    };
  const throttle: ThrottlingOptions = {
    onRateLimit: onLimit('rate limit'),
    onSecondaryRateLimit: onLimit('secondary rate limit'),
    retryAfterBaseValue: timing.retryAfterBaseMs,
    ...(timing.spaceWrites ? {} : { write: unspacedGroup(), notifications: unspacedGroup() }),
  };
  const octokit = getOctokit(
    token,
    {
      baseUrl: (settings.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
      log: { debug: log.debug, info: log.info, warn: log.warn, error: log.warn },
      retry: { retries: timing.retries, retryAfterBaseValue: timing.retryAfterBaseMs },
      throttle,
    },
    retry,
    throttling,
  );
  if (settings.graphqlUrl) {
    octokit.graphql = octokit.graphql.defaults({ url: settings.graphqlUrl });
  }
  return octokit;
}

type BottleneckGroup = NonNullable<ThrottlingOptions['write']>;

/**
 * A stand-in for a Bottleneck group that schedules immediately. The throttling plugin only
 * calls `group.key(id).schedule(options, fn, ...args)`; giving it this for the write and
 * notification groups removes the 1–3 s spacing (tests) and keeps rate-limit retries intact.
 */
function unspacedGroup(): BottleneckGroup {
  const limiter = {
    schedule: (_options: unknown, fn: (...args: unknown[]) => unknown, ...args: unknown[]) =>
      Promise.resolve(fn(...args)),
  };
  // Duck-typed on purpose: Bottleneck is the plugin's internal dependency, not ours.
  return { key: () => limiter } as unknown as BottleneckGroup;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}
