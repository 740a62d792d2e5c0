/**
 * Whether the golden tests compare or rewrite. Rewriting passes by construction, so CI must
 * never do it: a CI job with UPDATE_GOLDEN set (a leftover in a workflow, a copied command)
 * would turn every golden test green whatever the code renders.
 */
export type GoldenMode = 'compare' | 'update';

export function goldenMode(env: Readonly<Record<string, string | undefined>>): GoldenMode {
  const update = env.UPDATE_GOLDEN;
  if (update === undefined || update === '') return 'compare';
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') {
    throw new Error(
      `UPDATE_GOLDEN=${update} with CI=${ci}: CI compares golden files and never rewrites them (a rewrite passes whatever is rendered). Regenerate them locally and commit the diff.`,
    );
  }
  if (update !== '1') {
    throw new Error(
      `UPDATE_GOLDEN=${update}: set it to 1 to rewrite the golden files, or unset it`,
    );
  }
  return 'update';
}
