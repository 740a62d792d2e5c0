import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Histogram } from '../../src/runner/histogram.js';
import { p95Lost } from '../../src/suite/percentile.js';

/** The one p95 that judges: the run's histogram's (what the metric table reports). */
function p95(samples: readonly number[]): number | undefined {
  const h = new Histogram();
  for (const s of samples) h.record(s);
  return h.percentile(95);
}

describe('p95Lost', () => {
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
          return (p95(best) ?? 0) > target;
        },
      ),
    );
    expect(p95Lost([10, 200], 20, 100)).toBe(false);
    expect(p95Lost([200, 200], 20, 100)).toBe(true);
  });
});
