import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../src/model.js';
import { passRateOf, summarize, summarizeModules } from '../../src/verdict/index.js';
import { many, result } from './builders.js';

describe('summarize', () => {
  it('counts each status and rates over graded tests, flaky as passed', () => {
    const tests = [
      ...many(20, 'passed'),
      ...many(2, 'flaky', 'f'),
      ...many(3, 'failed', 'x'),
      ...many(5, 'skipped', 's'),
    ];
    expect(summarize(tests)).toEqual({
      total: 30,
      passed: 20,
      failed: 3,
      skipped: 5,
      flaky: 2,
      passRate: 88,
    });
  });

  it('rounds to one decimal and gives 0 when nothing was graded', () => {
    expect(passRateOf(2, 3)).toBe(66.7);
    expect(passRateOf(1, 3)).toBe(33.3);
    expect(passRateOf(0, 0)).toBe(0);
    expect(summarize(many(4, 'skipped')).passRate).toBe(0);
  });

  it('keeps the rate within 0–100 and consistent with the counts', () => {
    const status = fc.constantFrom<TestResult['status']>('passed', 'failed', 'skipped', 'flaky');
    fc.assert(
      fc.property(fc.array(status, { maxLength: 200 }), (statuses) => {
        const s = summarize(statuses.map((st, i) => result(`m/t${i}`, st)));
        expect(s.passed + s.failed + s.skipped + s.flaky).toBe(s.total);
        expect(s.passRate).toBeGreaterThanOrEqual(0);
        expect(s.passRate).toBeLessThanOrEqual(100);
        const graded = s.total - s.skipped;
        if (graded > 0)
          expect(Math.abs(s.passRate - ((s.passed + s.flaky) / graded) * 100)).toBeLessThanOrEqual(
            0.05,
          );
      }),
    );
  });
});

describe('summarizeModules', () => {
  it('follows the suite order of the titles, then first appearance, and sums durations', () => {
    const tests = [
      result('extra/one', 'failed'),
      result('b/one', 'passed', undefined, { durationMs: 250 }),
      result('a/one', 'flaky'),
      result('a/two', 'skipped'),
      result('b/two', 'failed', undefined, { durationMs: 50 }),
    ];
    const modules = summarizeModules(tests, {
      a: 'Module A',
      b: 'Module B',
      unused: 'Not selected',
    });
    expect(modules.map((m) => m.id)).toEqual(['a', 'b', 'extra']);
    expect(modules[0]).toEqual({
      id: 'a',
      title: 'Module A',
      total: 2,
      passed: 0,
      failed: 0,
      skipped: 1,
      flaky: 1,
      durationMs: 200,
    });
    expect(modules[1]).toMatchObject({ total: 2, passed: 1, failed: 1, durationMs: 300 });
    expect(modules[2].title).toBe('extra');
  });
});
