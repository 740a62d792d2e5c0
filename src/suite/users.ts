/**
 * The test users a body can act as: numbered users with valid tokens, and the bad tokens
 * the auth checks send. Backed by the client's token source; asks beyond what the run's
 * credentials allow fail loudly (the test should have declared the requirement).
 */
import type { TokenSource } from '../client/tokens.js';

export interface TestUser {
  /** 1-based */
  n: number;
  /** the `sub` the service should see */
  id: string;
  token: string;
}

export interface SuiteUsers {
  /** how many distinct users the credentials allow (Infinity when minting) */
  readonly count: number;
  get(n: number): Promise<TestUser>;
  wrongSigned(n?: number): Promise<string>;
  expired(n?: number): Promise<string>;
  /** not a JWT at all */
  readonly malformed: string;
}

/** Users per shard: more than any load test asks for (concurrent-users ≤ 1,000). */
export const SHARD_USER_SPAN = 10_000;

/**
 * `shard` i/n acts as users `(i-1)·10,000 + n`: matrix jobs started together never act as
 * the same user, whose run events would reach every job's sockets. Only when tokens are
 * minted: a ready token is one user whatever the shard.
 */
export function createSuiteUsers(
  tokens: TokenSource,
  shard?: { index: number; count: number },
): SuiteUsers {
  const offset =
    shard && shard.count > 1 && tokens.maxUsers === Infinity
      ? (shard.index - 1) * SHARD_USER_SPAN
      : 0;
  return {
    count: tokens.maxUsers,
    async get(n) {
      if (n > tokens.maxUsers) {
        throw new Error(
          `test user ${n} is not available: the credentials give ${tokens.maxUsers} user(s)`,
        );
      }
      return { n, id: tokens.userId(n + offset), token: await tokens.tokenFor(n + offset) };
    },
    wrongSigned: (n) => tokens.wrongSigned((n ?? 1) + offset),
    expired: (n) => tokens.expired((n ?? 1) + offset),
    malformed: 'not-a-jwt',
  };
}
