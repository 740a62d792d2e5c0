/**
 * A mergeable log-linear histogram of millisecond samples, HDR-style.
 *
 * Samples are rounded to whole microseconds. Below 256 µs every microsecond has its own
 * bucket (exact); above, each power of two is split into 128 equal buckets, so a bucket is
 * at most 1/128 of its lower bound wide and its midpoint is within 0.4 % of any value in
 * it. Buckets depend only on the value, never on what else was recorded, so merging the
 * histograms of shards gives exactly the histogram of all their samples — and the same
 * percentiles — which averaging per-shard percentiles never would.
 */
import type { HistogramData } from '../model.js';

/** Changing the bucket layout must change this id: data of another layout is never merged. */
export const HISTOGRAM_SCHEME = 'log-linear-us-128';

const SUB_BUCKETS = 128;
/** values below this (µs) get one bucket each */
const EXACT_LIMIT = 2 * SUB_BUCKETS;
const EXACT_LIMIT_LOG2 = 8;

export class Histogram {
  private readonly buckets = new Map<number, number>();
  private total = 0;
  private sumUs = 0;
  private minMs = Infinity;
  private maxMs = -Infinity;

  /**
   * Records one sample in ms. A negative or non-finite value is not a measurement (a clock
   * bug upstream) and is ignored rather than skewing the percentiles; returns whether the
   * sample was kept.
   */
  record(valueMs: number): boolean {
    if (!Number.isFinite(valueMs) || valueMs < 0) return false;
    const us = Math.round(valueMs * 1000);
    const index = bucketIndex(us);
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + 1);
    this.total += 1;
    // The sum is kept in integer µs so that it, too, is identical however samples are split.
    this.sumUs += us;
    if (valueMs < this.minMs) this.minMs = valueMs;
    if (valueMs > this.maxMs) this.maxMs = valueMs;
    return true;
  }

  merge(other: Histogram): this {
    for (const [index, n] of other.buckets) {
      this.buckets.set(index, (this.buckets.get(index) ?? 0) + n);
    }
    this.total += other.total;
    this.sumUs += other.sumUs;
    this.minMs = Math.min(this.minMs, other.minMs);
    this.maxMs = Math.max(this.maxMs, other.maxMs);
    return this;
  }

  get count(): number {
    return this.total;
  }

  /** undefined when empty */
  get min(): number | undefined {
    return this.total > 0 ? this.minMs : undefined;
  }

  get max(): number | undefined {
    return this.total > 0 ? this.maxMs : undefined;
  }

  /** ms, from whole-µs samples */
  get sum(): number {
    return this.sumUs / 1000;
  }

  /**
   * Nearest-rank percentile (p in 0..100) of the bucketed values: the midpoint of the bucket
   * holding the ⌈p·n/100⌉-th smallest sample, clamped to the exact min and max; the first
   * and last ranks are the exact min and max. undefined when empty.
   */
  percentile(p: number): number | undefined {
    if (this.total === 0) return undefined;
    const clamped = Math.min(100, Math.max(0, p));
    // The epsilon keeps 95 % of 20 at rank 19 despite binary floating point.
    const rank = Math.max(1, Math.ceil((clamped * this.total) / 100 - 1e-9));
    // The extremes are known exactly; no need to approximate them by a bucket.
    if (rank === 1) return this.minMs;
    if (rank >= this.total) return this.maxMs;
    const indices = [...this.buckets.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const index of indices) {
      seen += this.buckets.get(index) ?? 0;
      if (seen >= rank) {
        const mid = bucketMidpointUs(index) / 1000;
        return Math.min(this.maxMs, Math.max(this.minMs, mid));
      }
    }
    return this.maxMs;
  }

  toData(): HistogramData {
    return {
      scheme: HISTOGRAM_SCHEME,
      buckets: [...this.buckets.entries()].sort((a, b) => a[0] - b[0]),
      count: this.total,
      min: this.total > 0 ? this.minMs : 0,
      max: this.total > 0 ? this.maxMs : 0,
      sum: this.sum,
    };
  }

  /** Rebuilds a histogram from results.json; refuses data of another scheme or that does not add up. */
  static fromData(data: HistogramData): Histogram {
    if (data.scheme !== HISTOGRAM_SCHEME) {
      throw new Error(
        `histogram scheme '${data.scheme}' cannot be merged with '${HISTOGRAM_SCHEME}' (results from another staging-gate version?)`,
      );
    }
    const h = new Histogram();
    let counted = 0;
    for (const [index, n] of data.buckets) {
      if (!Number.isInteger(index) || index < 0 || !Number.isInteger(n) || n < 0) {
        throw new Error(`histogram bucket [${index}, ${n}] is not a valid [index, count] pair`);
      }
      if (n === 0) continue;
      h.buckets.set(index, (h.buckets.get(index) ?? 0) + n);
      counted += n;
    }
    if (counted !== data.count) {
      throw new Error(`histogram buckets hold ${counted} samples but count says ${data.count}`);
    }
    h.total = counted;
    h.sumUs = Math.round(data.sum * 1000);
    if (counted > 0) {
      h.minMs = data.min;
      h.maxMs = data.max;
    }
    return h;
  }
}

export function bucketIndex(us: number): number {
  if (us < EXACT_LIMIT) return us;
  const magnitude = floorLog2(us);
  const width = 2 ** (magnitude - Math.log2(SUB_BUCKETS));
  const sub = Math.floor(us / width);
  return EXACT_LIMIT + (magnitude - EXACT_LIMIT_LOG2) * SUB_BUCKETS + (sub - SUB_BUCKETS);
}

/** [lowest, highest] whole µs that fall in the bucket */
export function bucketRangeUs(index: number): [number, number] {
  if (index < EXACT_LIMIT) return [index, index];
  const offset = index - EXACT_LIMIT;
  const magnitude = Math.floor(offset / SUB_BUCKETS) + EXACT_LIMIT_LOG2;
  const sub = (offset % SUB_BUCKETS) + SUB_BUCKETS;
  const width = 2 ** (magnitude - Math.log2(SUB_BUCKETS));
  return [sub * width, (sub + 1) * width - 1];
}

function bucketMidpointUs(index: number): number {
  const [lo, hi] = bucketRangeUs(index);
  return (lo + hi) / 2;
}

// Math.log2 can land a hair off at exact powers of two for large values; correct it.
function floorLog2(n: number): number {
  let m = Math.floor(Math.log2(n));
  while (2 ** m > n) m--;
  while (2 ** (m + 1) <= n) m++;
  return m;
}
