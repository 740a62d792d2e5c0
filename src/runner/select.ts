/**
 * Which tests run: priority, module and test selectors, the `critical-tests` globs, and
 * the `shard` slice. A selector that matches nothing is a bad input, never an empty run:
 * a typo in `tests:` must not turn into a green gate that checked nothing.
 */
import { InputError } from '../config/settings.js';
import type { SuiteTest } from '../suite/types.js';
import { matchesAnyGlob, matchesGlob } from './glob.js';

export interface Selection {
  /** priorities that run; empty = every priority */
  priorities: readonly number[];
  /** module ids or globs (matched against the module id); empty = all */
  modules: readonly string[];
  /** test ids or globs (matched against the full `module/name` id); empty = all */
  tests: readonly string[];
  /** 1-based: `{ index: 2, count: 3 }` is the second of three slices (`shard: 2/3`) */
  shard?: { index: number; count: number };
}

/** What selection and sharding read of a test. */
export type Selectable = Pick<SuiteTest, 'id' | 'module' | 'priority' | 'weight' | 'everyShard'>;

/** How many ids an error message lists before it says "… and N more". */
const LIST_LIMIT = 40;

export function selectTests<T extends Selectable>(tests: readonly T[], selection: Selection): T[] {
  const modules = cleanSelectors(selection.modules);
  const ids = cleanSelectors(selection.tests);
  const moduleIds = unique(tests.map((t) => t.module));

  for (const selector of modules) {
    if (!moduleIds.some((m) => matchesGlob(m, selector))) {
      throw new InputError(
        'modules',
        `'${selector}' matches no module. Valid modules: ${listIds(moduleIds)}`,
      );
    }
  }
  for (const selector of ids) {
    if (!tests.some((t) => matchesGlob(t.id, selector))) {
      throw new InputError(
        'tests',
        `'${selector}' matches no test. Valid tests: ${listIds(tests.map((t) => t.id))}`,
      );
    }
  }

  const byName = tests.filter(
    (t) =>
      (modules.length === 0 || matchesAnyGlob(t.module, modules)) &&
      (ids.length === 0 || matchesAnyGlob(t.id, ids)),
  );
  const selected = byName.filter(
    (t) => selection.priorities.length === 0 || selection.priorities.includes(t.priority),
  );
  if (selected.length === 0) {
    const input = ids.length > 0 ? 'tests' : modules.length > 0 ? 'modules' : 'priority';
    const candidates = byName.map((t) => `${t.id} (priority ${t.priority})`);
    const problem =
      selection.priorities.length === 0
        ? 'no test matches the selection'
        : `no selected test has priority ${selection.priorities.join(', ')}`;
    throw new InputError(
      input,
      `${problem}. Tests matching the other selectors: ${listIds(candidates)}`,
    );
  }

  if (!selection.shard) return selected;
  const { index, count } = checkShard(selection.shard);
  // A test that carries load (the concurrency tests) runs in every shard, each shard taking
  // its slice of the users; the rest are dealt out.
  const dealt = new Set(
    assignShards(
      selected.filter((t) => !t.everyShard),
      count,
    )[index - 1],
  );
  return selected.filter((t) => t.everyShard || dealt.has(t));
}

/**
 * Splits tests into `count` slices balanced by weight: heaviest first (ties by id) onto the
 * lightest slice (ties: fewer tests, then lower index). Deterministic for a given set of
 * tests whatever their input order, so every matrix job computes the same split; each
 * slice keeps the input order. Slices may be empty when there are more shards than tests.
 */
export function assignShards<T extends Selectable>(tests: readonly T[], count: number): T[][] {
  const order = tests
    .map((test, position) => ({ test, position, weight: weightOf(test) }))
    .sort((a, b) => b.weight - a.weight || compareIds(a.test.id, b.test.id));
  const loads = Array.from({ length: count }, () => ({ weight: 0, size: 0 }));
  const slot = new Map<number, number>();
  for (const item of order) {
    let best = 0;
    for (let s = 1; s < count; s++) {
      const a = loads[s];
      const b = loads[best];
      if (a.weight < b.weight || (a.weight === b.weight && a.size < b.size)) best = s;
    }
    loads[best].weight += item.weight;
    loads[best].size += 1;
    slot.set(item.position, best);
  }
  const shards: T[][] = Array.from({ length: count }, () => []);
  tests.forEach((test, position) => shards[slot.get(position) ?? 0].push(test));
  return shards;
}

/**
 * Whether a failure of this test fails the gate on its own. `criticalGlobs` null means the
 * default: what the suite declares, else every priority-1 test.
 */
export function resolveCritical(
  test: Pick<SuiteTest, 'id' | 'priority' | 'critical'>,
  criticalGlobs: readonly string[] | null,
): boolean {
  if (criticalGlobs === null) return test.critical ?? test.priority === 1;
  return matchesAnyGlob(test.id, cleanSelectors(criticalGlobs));
}

export function weightOf(test: Pick<SuiteTest, 'weight'>): number {
  const w = test.weight;
  return w !== undefined && Number.isFinite(w) && w >= 0 ? w : 1;
}

function checkShard(shard: { index: number; count: number }): { index: number; count: number } {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1) {
    throw new InputError('shard', `count must be a whole number ≥ 1, got ${count}`);
  }
  if (!Number.isInteger(index) || index < 1 || index > count) {
    throw new InputError('shard', `index must be between 1 and ${count}, got ${index}`);
  }
  return { index, count };
}

function cleanSelectors(selectors: readonly string[]): string[] {
  return selectors.map((s) => s.trim()).filter((s) => s.length > 0);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

// Ordinal comparison, not localeCompare: the split must not depend on the runner's locale.
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function listIds(ids: readonly string[]): string {
  if (ids.length === 0) return '(none)';
  const shown = ids.slice(0, LIST_LIMIT).join(', ');
  return ids.length > LIST_LIMIT ? `${shown} … and ${ids.length - LIST_LIMIT} more` : shown;
}
