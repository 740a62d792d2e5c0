/**
 * Error patterns: failed and flaky tests grouped by category and signature, so that ten
 * tests closed with the same 1011 read as one problem with ten occurrences.
 */
import { FAILURE_CATEGORIES, type Pattern, type TestResult } from '../model.js';
import { failureSignature } from './signature.js';

interface Group {
  pattern: Pattern;
  /** hard failures (not flaky) in the group */
  failed: number;
}

/**
 * Sorted so the first pattern is the one to investigate: patterns with a hard failure
 * before flaky-only ones (a flaky timeout did not break the gate), then by count, then by
 * category and signature so that equal counts always come out in the same order.
 */
export function groupPatterns(tests: readonly TestResult[]): Pattern[] {
  const groups = new Map<string, Group>();
  for (const t of tests) {
    if ((t.status !== 'failed' && t.status !== 'flaky') || !t.failure) continue;
    const signature = failureSignature(t.failure);
    const key = `${t.failure.category}\u0000${signature}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        pattern: { category: t.failure.category, signature, count: 0, tests: [], modules: [] },
        failed: 0,
      };
      groups.set(key, group);
    }
    group.pattern.count++;
    group.pattern.tests.push(t.id);
    if (!group.pattern.modules.includes(t.module)) group.pattern.modules.push(t.module);
    if (t.status === 'failed') group.failed++;
  }
  return [...groups.values()]
    .sort(
      (a, b) =>
        Number(b.failed > 0) - Number(a.failed > 0) ||
        b.pattern.count - a.pattern.count ||
        FAILURE_CATEGORIES.indexOf(a.pattern.category) -
          FAILURE_CATEGORIES.indexOf(b.pattern.category) ||
        (a.pattern.signature < b.pattern.signature
          ? -1
          : a.pattern.signature > b.pattern.signature
            ? 1
            : 0),
    )
    .map((g) => g.pattern);
}
