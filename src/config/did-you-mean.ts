/**
 * "Did you mean" for misspelt input names, flags and suite-config keys: the closest
 * candidate by edit distance, only when it is close enough to be a likely typo.
 */

/** Levenshtein distance, case-insensitive; bounded inputs only (names, not documents). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase().slice(0, 200);
  const t = b.toLowerCase().slice(0, 200);
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = row;
  }
  return prev[t.length];
}

/**
 * The closest candidate, or undefined when none is plausibly meant: the allowed distance
 * grows with the length so that `tmeout` finds `timeout` but `x` finds nothing.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const allowed = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= allowed ? best : undefined;
}

/** `; did you mean 'x'?` or nothing, ready to append to an error message. */
export function didYouMean(
  name: string,
  candidates: readonly string[],
  quote: (s: string) => string = (s) => `'${s}'`,
): string {
  const best = closestName(name, candidates);
  return best === undefined ? '' : `; did you mean ${quote(best)}?`;
}
