/**
 * Numbers, durations and times as the report prints them. Locale-free on purpose:
 * `toLocaleString` would make the same results render differently on another runner.
 */

/** 1234567 → "1,234,567" */
export function formatInt(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 850 → "850 ms", 1234 → "1.2 s", 67300 → "67.3 s", 412000 → "6 min 52 s" */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 100_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSec = Math.round(ms / 1000);
  return `${Math.floor(totalSec / 60)} min ${totalSec % 60} s`;
}

/** a measured metric value: "42 ms", "85.5 ms" */
export function formatMetricMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  return `${Number.isInteger(ms) ? formatInt(ms) : ms.toFixed(1)} ms`;
}

export function formatRate(percent: number): string {
  return `${percent.toFixed(1)} %`;
}

/** ISO 8601 → "2025-09-08 19:49 UTC"; anything unparsable is shown as given */
export function formatUtc(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}

/** a 40-hex commit as GitHub shows it */
export function shortSha(sha: string): string {
  return /^[0-9a-f]{40}$/i.test(sha) ? sha.slice(0, 7) : sha;
}
