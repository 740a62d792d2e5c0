/**
 * Counting: the run's and each module's totals. `passRate` is over graded tests
 * (non-skipped), flaky counting as passed: a flaky test did pass, and is shown as flaky.
 */
import type { ModuleSummary, Summary, TestResult } from '../model.js';

/** percent with one decimal; 0 graded tests → 0 (the verdict says "nothing graded") */
export function passRateOf(passedOrFlaky: number, graded: number): number {
  if (graded <= 0) return 0;
  return Math.round((passedOrFlaky / graded) * 1000) / 10;
}

export function summarize(tests: readonly TestResult[]): Summary {
  const count = (status: TestResult['status']): number =>
    tests.filter((t) => t.status === status).length;
  const passed = count('passed');
  const failed = count('failed');
  const skipped = count('skipped');
  const flaky = count('flaky');
  const total = tests.length;
  return {
    total,
    passed,
    failed,
    skipped,
    flaky,
    passRate: passRateOf(passed + flaky, total - skipped),
  };
}

/**
 * One summary per module: modules named in `moduleTitles` first, in its order (the suite's
 * order), then any other module in order of first appearance. A module of `moduleTitles`
 * with no test in `tests` (not selected) is left out. `durationMs` is the sum of its tests'
 * durations: tests run concurrently, so it is work done, not wall time.
 */
export function summarizeModules(
  tests: readonly TestResult[],
  moduleTitles: Readonly<Record<string, string>> = {},
): ModuleSummary[] {
  const byModule = new Map<string, TestResult[]>();
  for (const id of Object.keys(moduleTitles)) byModule.set(id, []);
  for (const t of tests) {
    const list = byModule.get(t.module);
    if (list) list.push(t);
    else byModule.set(t.module, [t]);
  }
  const out: ModuleSummary[] = [];
  for (const [id, list] of byModule) {
    if (list.length === 0) continue;
    const s = summarize(list);
    out.push({
      id,
      title: moduleTitles[id] ?? id,
      total: s.total,
      passed: s.passed,
      failed: s.failed,
      skipped: s.skipped,
      flaky: s.flaky,
      durationMs: list.reduce((sum, t) => sum + t.durationMs, 0),
    });
  }
  return out;
}
