import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketIndex,
  bucketRangeUs,
  Histogram,
  HISTOGRAM_SCHEME,
} from '../../src/runner/histogram.js';

/** the exact nearest-rank percentile of raw samples */
function exactPercentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100 - 1e-9));
  return sorted[rank - 1];
}

function histogramOf(samples: number[]): Histogram {
  const h = new Histogram();
  for (const s of samples) h.record(s);
  return h;
}

const PERCENTILES = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];

describe('Histogram', () => {
  it('is exact for small whole-µs values', () => {
    const samples = Array.from({ length: 200 }, (_, i) => (i + 1) / 1000); // 1 µs … 200 µs
    const h = histogramOf(samples);
    for (const p of PERCENTILES) expect(h.percentile(p)).toBe(exactPercentile(samples, p));
  });

  it('nearest-rank percentiles of 1..100 ms are within 1 % of the exact ones', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    const h = histogramOf(samples);
    expect(h.percentile(50)).toBeCloseTo(50, 0);
    expect(Math.abs((h.percentile(95) ?? 0) - 95)).toBeLessThanOrEqual(0.95);
    expect(h.percentile(100)).toBe(100);
    expect(h.percentile(0)).toBe(1);
    expect(h.count).toBe(100);
    expect(h.sum).toBe(5050);
    expect(h.min).toBe(1);
    expect(h.max).toBe(100);
  });

  it('keeps min, max and count exact and ignores values that are not measurements', () => {
    const h = new Histogram();
    expect(h.percentile(50)).toBeUndefined();
    expect(h.record(12.3456)).toBe(true);
    expect(h.record(-1)).toBe(false);
    expect(h.record(Number.NaN)).toBe(false);
    expect(h.record(Infinity)).toBe(false);
    expect(h.count).toBe(1);
    expect(h.min).toBe(12.3456);
    expect(h.max).toBe(12.3456);
    expect(h.percentile(95)).toBe(12.3456);
  });

  it('buckets are contiguous, monotone and at most 1/128 of their value wide', () => {
    let expectedLo = 0;
    for (let index = 0; index < 256 + 128 * 20; index++) {
      const [lo, hi] = bucketRangeUs(index);
      expect(lo).toBe(expectedLo);
      expect(bucketIndex(lo)).toBe(index);
      expect(bucketIndex(hi)).toBe(index);
      if (lo >= 256) expect((hi - lo + 1) / lo).toBeLessThanOrEqual(1 / 128);
      expectedLo = hi + 1;
    }
  });

  it('merging 3 shards gives exactly the histogram of all samples', () => {
    const samples = Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 5000) / 7 + 0.25);
    const whole = histogramOf(samples);
    const merged = new Histogram()
      .merge(histogramOf(samples.slice(0, 1000)))
      .merge(histogramOf(samples.slice(1000, 1700)))
      .merge(histogramOf(samples.slice(1700)));
    expect(merged.toData()).toEqual(whole.toData());
    for (const p of PERCENTILES) expect(merged.percentile(p)).toBe(whole.percentile(p));
  });

  it('round-trips through toData/fromData and refuses another scheme or inconsistent data', () => {
    const h = histogramOf([1, 2, 3.5, 900, 12_345.678]);
    const data = h.toData();
    expect(data.scheme).toBe(HISTOGRAM_SCHEME);
    const back = Histogram.fromData(JSON.parse(JSON.stringify(data)));
    expect(back.toData()).toEqual(data);
    expect(back.percentile(95)).toBe(h.percentile(95));
    expect(() => Histogram.fromData({ ...data, scheme: 'other' })).toThrow(/scheme 'other'/);
    expect(() => Histogram.fromData({ ...data, count: data.count + 1 })).toThrow(/count says/);
  });

  it('property: samples split randomly across k histograms merge to the single histogram', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            value: fc.oneof(
              fc.double({ min: 0, max: 60_000, noNaN: true }),
              fc.integer({ min: 0, max: 2000 }),
            ),
            part: fc.nat(),
          }),
          { maxLength: 300 },
        ),
        fc.integer({ min: 1, max: 6 }),
        (items, k) => {
          const whole = histogramOf(items.map((i) => i.value));
          const parts = Array.from({ length: k }, () => new Histogram());
          for (const item of items) parts[item.part % k].record(item.value);
          const merged = parts.reduce((acc, h) => acc.merge(h), new Histogram());
          expect(merged.toData()).toEqual(whole.toData());
          for (const p of PERCENTILES) expect(merged.percentile(p)).toBe(whole.percentile(p));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: every percentile is within 1 % (+ 1 µs rounding) of the exact nearest rank', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100_000, noNaN: true }), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (samples, p) => {
          const exact = exactPercentile(samples, p);
          const approx = histogramOf(samples).percentile(p) ?? Number.NaN;
          expect(Math.abs(approx - exact)).toBeLessThanOrEqual(exact * 0.01 + 0.001);
        },
      ),
      { numRuns: 300 },
    );
  });
});
