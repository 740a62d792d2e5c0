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

/** Users per shard: far more than one run of the suite uses. */
export const SHARD_USER_SPAN = 10_000;

/**
 * Which real user a test's user `n` is. A user's run events reach every socket of that
 * user, so two tests acting as the same user at once would see each other's runs — and
 * under a fault (a 1011 after agent_started) one test's crash would land in another's
 * evidence. When tokens are minted, each test therefore gets users of its own, numbered
 * compactly in the order they are first asked for (the same test and `n` keep their user
 * across retries), and shard i/n numbers from (i-1)·10,000 so that matrix jobs started
 * together never share one. A ready token is one user for everything.
 */
export function createUserNumbering(
  maxUsers: number,
  shard?: { index: number; count: number },
): (testId: string) => (n: number) => number {
  if (maxUsers !== Infinity) return () => (n) => n;
  const base = shard && shard.count > 1 ? (shard.index - 1) * SHARD_USER_SPAN : 0;
  const assigned = new Map<string, number>();
  return (testId) => (n) => {
    const key = `${testId}\u0000${n}`;
    let user = assigned.get(key);
    if (user === undefined) {
      user = base + assigned.size + 1;
      assigned.set(key, user);
    }
    return user;
  };
}

export function createSuiteUsers(
  tokens: TokenSource,
  userOf: (n: number) => number = (n) => n,
): SuiteUsers {
  return {
    count: tokens.maxUsers,
    async get(n) {
      if (n > tokens.maxUsers) {
        throw new Error(
          `test user ${n} is not available: the credentials give ${tokens.maxUsers} user(s)`,
        );
      }
      const user = userOf(n);
      return { n, id: tokens.userId(user), token: await tokens.tokenFor(user) };
    },
    wrongSigned: (n) => tokens.wrongSigned(userOf(n ?? 1)),
    expired: (n) => tokens.expired(userOf(n ?? 1)),
    malformed: 'not-a-jwt',
  };
}
