/**
 * When a performance series may stop early: once its own samples show that the series can
 * no longer have a p95 within the target, more requests would only load the service and
 * slow the run. This bounds traffic; it judges nothing. The one p95 that judges is the
 * metric table's (runner/metrics.ts, from the run's histogram), which the performance
 * tests take as their verdict.
 */

/**
 * True when `planned` samples can no longer have p95 ≤ target, given those seen so far:
 * more samples above the target than the top 5 % of the planned series may hold.
 */
export function p95Lost(seen: readonly number[], planned: number, target: number): boolean {
  const allowedAbove = planned - Math.max(1, Math.ceil(0.95 * planned));
  return seen.filter((s) => s > target).length > allowedAbove;
}
