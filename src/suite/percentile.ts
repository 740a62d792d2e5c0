/**
 * Percentiles of a test's own samples (nearest rank), and when a target is already lost:
 * a series that stops early once its p95 can no longer meet the target still reports real
 * samples, and spares the service and the run a slow tail of pointless requests.
 */

/** Nearest-rank percentile (p in 0..100) of `samples`; undefined when there are none. */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/**
 * True when `planned` samples can no longer have p95 ≤ target, given those seen so far:
 * more samples above the target than the top 5 % of the planned series may hold.
 */
export function p95Lost(seen: readonly number[], planned: number, target: number): boolean {
  const allowedAbove = planned - Math.max(1, Math.ceil(0.95 * planned));
  return seen.filter((s) => s > target).length > allowedAbove;
}
