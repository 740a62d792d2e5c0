/**
 * Which tests the run's credentials cannot carry: a ready `auth-token` is one user and
 * cannot mint an expired token; no credentials at all leave only the public checks.
 * Such tests are skipped with the reason, never silently passed.
 */
import type { AuthSettings } from '../config/settings.js';
import type { SuiteTest } from '../suite/types.js';

export function skipReasonFor(
  test: Pick<SuiteTest, 'requires' | 'skipReason'>,
  auth: AuthSettings,
): string | undefined {
  if (test.skipReason !== undefined) return test.skipReason;
  const needs = test.requires ?? [];
  if (auth.kind === 'none' && needs.length > 0) {
    return 'needs credentials: give jwt-secret or auth-token';
  }
  if (auth.kind === 'token') {
    if (needs.includes('second-user'))
      return 'needs a second user: auth-token gives only one (give jwt-secret)';
    if (needs.includes('minting'))
      return 'needs to mint tokens: auth-token cannot (give jwt-secret)';
  }
  return undefined;
}
