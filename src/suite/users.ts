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

export function createSuiteUsers(tokens: TokenSource): SuiteUsers {
  return {
    count: tokens.maxUsers,
    async get(n) {
      if (n > tokens.maxUsers) {
        throw new Error(
          `test user ${n} is not available: the credentials give ${tokens.maxUsers} user(s)`,
        );
      }
      return { n, id: tokens.userId(n), token: await tokens.tokenFor(n) };
    },
    wrongSigned: (n) => tokens.wrongSigned(n),
    expired: (n) => tokens.expired(n),
    malformed: 'not-a-jwt',
  };
}
