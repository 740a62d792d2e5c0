/**
 * The JSONPath subset captures use: `$`, `.key`, `['key']` / `["key"]`, `[0]`. Anything
 * richer (filters, wildcards, recursive descent) could select several values, and a capture
 * is one value; a well-kept JSONPath library would bring all of that for four forms.
 */
import type { JsonPath } from '../../config/scenario-types.js';

export { parseJsonPath } from '../../config/json-path.js';

/** The value at `path`, or undefined when any segment is missing. */
export function readJsonPath(value: unknown, path: JsonPath): unknown {
  let at: unknown = value;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(at) || seg >= at.length) return undefined;
      at = at[seg];
    } else {
      if (typeof at !== 'object' || at === null || Array.isArray(at) || !Object.hasOwn(at, seg)) {
        return undefined;
      }
      at = (at as Record<string, unknown>)[seg];
    }
  }
  return at;
}
