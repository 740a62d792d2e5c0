/**
 * Which tests the run's credentials cannot carry: a ready `auth-token` is one user and
 * cannot mint an expired token; no credentials at all leave only the public checks.
 * Such tests are skipped with the reason, never silently passed: a skipped critical test
 * makes the verdict inconclusive (verdict/decide.ts), whose reason reads "they need …",
 * so every reason here starts with "needs".
 */
import { InputError, type AuthSettings } from '../config/settings.js';
import type { SuiteTest } from '../suite/types.js';

export const NEEDS_CREDENTIALS = 'needs jwt-secret or auth-token: no credentials were given';

export function skipReasonFor(
  test: Pick<SuiteTest, 'requires' | 'skip'>,
  auth: AuthSettings,
): string | undefined {
  if (test.skip !== undefined) return test.skip;
  const needs = test.requires ?? [];
  if (auth.kind === 'none' && needs.length > 0) return NEEDS_CREDENTIALS;
  if (auth.kind === 'token') {
    if (needs.includes('second-user'))
      return 'needs a second user: auth-token gives only one (give jwt-secret)';
    if (needs.includes('minting'))
      return 'needs to mint tokens: auth-token cannot (give jwt-secret)';
  }
  return undefined;
}

/**
 * Tests that need credentials, selected with none given, are a bad input and not a run of
 * skips: before this check, such a run graded only the public checks and passed, green
 * over a deploy it never tested.
 */
export function checkCredentials(
  tests: readonly Pick<SuiteTest, 'id' | 'module' | 'requires'>[],
  auth: AuthSettings,
): void {
  if (auth.kind !== 'none') return;
  const needing = tests.filter((t) => (t.requires ?? []).length > 0);
  if (needing.length === 0) return;
  const needy = new Set(needing.map((t) => t.module));
  const freeModules = [...new Set(tests.map((t) => t.module))].filter((m) => !needy.has(m));
  const freeTests = tests.filter((t) => !t.requires?.length).map((t) => t.id);
  const instead =
    freeModules.length > 0
      ? `modules: ${freeModules.join(',')}`
      : freeTests.length > 0
        ? `tests: ${freeTests.slice(0, 3).join(',')}`
        : undefined;
  const which =
    needing.length === tests.length
      ? `all ${tests.length} selected tests need credentials`
      : `${needing.length} of the ${tests.length} selected tests ${needing.length === 1 ? 'needs' : 'need'} credentials`;
  throw new InputError(
    'jwt-secret',
    `${which} (${needing
      .slice(0, 3)
      .map((t) => t.id)
      .join(', ')}${needing.length > 3 ? ' …' : ''}), but neither jwt-secret nor auth-token ` +
      'is given. An empty secret is what a pull request from a fork gets (GitHub passes no ' +
      'secrets to it) and what an unset or misspelled secret name gives: check the name in ' +
      '`secrets.…`. Give jwt-secret (or auth-token)' +
      (instead ? `, or select only tests that need none (e.g. ${instead})` : '') +
      '; to gate pull requests from forks, run the gate from a workflow_run workflow ' +
      '(README: "Pull requests from forks").',
  );
}
