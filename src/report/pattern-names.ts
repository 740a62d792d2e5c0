/**
 * What the report calls a pattern: its signature in the words of its first failure (a real
 * run id, a real duration), so that no heading or row shows a placeholder such as `<n>`.
 */
import type { Pattern, Results, TestResult } from '../model.js';
import { failureHeadline } from '../verdict/signature.js';

/** The pattern's name; the signature with each placeholder as `…` when no failure is at hand. */
export function patternName(pattern: Pattern, byId: ReadonlyMap<string, TestResult>): string {
  const tests = pattern.tests.map((id) => byId.get(id));
  const first =
    tests.find((t) => t?.status === 'failed' && t.failure) ?? tests.find((t) => t?.failure);
  if (first?.failure) return failureHeadline(first.failure);
  return pattern.signature.replace(/<(?:n|id|uuid|ip|port|time|duration|token)>/g, '…');
}

export function testsById(results: Results): Map<string, TestResult> {
  return new Map(results.tests.map((t) => [t.id, t]));
}

/** Patterns with at least one hard failure: the problems that broke the gate. */
export function failingPatterns(results: Results): Pattern[] {
  const byId = testsById(results);
  return results.patterns.filter((p) => p.tests.some((id) => byId.get(id)?.status === 'failed'));
}
