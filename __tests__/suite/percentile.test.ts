import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { p95Lost, percentile } from '../../src/suite/percentile.js';

describe('percentile', () => {
  it('is the nearest rank', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(twenty, 95)).toBe(19);
    expect(percentile(twenty, 50)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeUndefined();
  });

  it('declares a p95 lost only when no remaining samples could save it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 10 }),
        (seen, more) => {
          const planned = seen.length + more;
          const target = 100;
          if (!p95Lost(seen, planned, target)) return true;
          // even if every remaining sample were instant, the p95 stays above the target
          const best = [...seen, ...Array.from({ length: more }, () => 0)];
          return (percentile(best, 95) ?? 0) > target;
        },
      ),
    );
    expect(p95Lost([10, 200], 20, 100)).toBe(false);
    expect(p95Lost([200, 200], 20, 100)).toBe(true);
  });
});
