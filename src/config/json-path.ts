/**
 * The JSONPath subset captures use: `$`, `.key`, `['key']` / `["key"]`, `[0]`. Anything
 * richer (filters, wildcards, recursive descent) could select several values, and a capture
 * is one value; a JSONPath library would bring all of that for four forms.
 */
import type { JsonPath } from './scenario-types.js';

const SEGMENT = /^(?:\.([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d{1,9})\]|\['([^'\\]*)'\]|\["([^"\\]*)"\])/;

/** The segments of a path, or undefined when it is not of the subset. */
export function parseJsonPath(source: string): JsonPath | undefined {
  if (!source.startsWith('$')) return undefined;
  const out: (string | number)[] = [];
  let rest = source.slice(1);
  while (rest.length > 0) {
    const m = SEGMENT.exec(rest);
    if (!m) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3] ?? m[4] ?? '');
    rest = rest.slice(m[0].length);
    if (out.length > 50) return undefined;
  }
  return out;
}
