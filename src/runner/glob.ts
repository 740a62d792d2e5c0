/**
 * Id globs for the `modules`, `tests` and `critical-tests` inputs: `*` matches within one
 * path segment, `**` across segments, `?` one character; anything else is literal, so an
 * exact id is its own glob.
 */

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else {
        source += '[^/]*';
      }
    } else if (ch === '?') {
      source += '[^/]';
    } else {
      source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  const re = new RegExp(`^${source}$`);
  cache.set(glob, re);
  return re;
}

export function matchesGlob(id: string, glob: string): boolean {
  return globToRegExp(glob.trim()).test(id);
}

export function matchesAnyGlob(id: string, globs: readonly string[]): boolean {
  return globs.some((g) => matchesGlob(id, g));
}
