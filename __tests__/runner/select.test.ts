import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/config/settings.js';
import {
  assignShards,
  resolveCritical,
  selectTests,
  type Selectable,
} from '../../src/runner/select.js';

const catalog: Selectable[] = [
  { id: 'http-api/health', module: 'http-api', priority: 1 },
  { id: 'http-api/agents', module: 'http-api', priority: 1 },
  { id: 'http-api/threads-paging', module: 'http-api', priority: 2 },
  { id: 'websocket-events/agent-event-flow', module: 'websocket-events', priority: 1, weight: 3 },
  { id: 'websocket-events/ping-pong', module: 'websocket-events', priority: 1 },
  { id: 'auth/rejects-bad-signature', module: 'auth', priority: 1 },
  { id: 'auth/deep/nested-case', module: 'auth', priority: 2 },
];
const all = { priorities: [] as number[], modules: [] as string[], tests: [] as string[] };
const ids = (tests: Selectable[]): string[] => tests.map((t) => t.id);

function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('selectTests', () => {
  it('filters by priority, keeping input order', () => {
    expect(ids(selectTests(catalog, { ...all, priorities: [2] }))).toEqual([
      'http-api/threads-paging',
      'auth/deep/nested-case',
    ]);
    expect(selectTests(catalog, { ...all, priorities: [1, 2] })).toHaveLength(catalog.length);
    expect(selectTests(catalog, all)).toHaveLength(catalog.length);
  });

  it('selects modules by id or glob', () => {
    expect(ids(selectTests(catalog, { ...all, modules: ['auth'] }))).toEqual([
      'auth/rejects-bad-signature',
      'auth/deep/nested-case',
    ]);
    expect(ids(selectTests(catalog, { ...all, priorities: [1], modules: ['web*'] }))).toEqual([
      'websocket-events/agent-event-flow',
      'websocket-events/ping-pong',
    ]);
  });

  it('selects tests by exact id, * within a segment and ** across segments', () => {
    expect(ids(selectTests(catalog, { ...all, tests: ['http-api/agents'] }))).toEqual([
      'http-api/agents',
    ]);
    expect(ids(selectTests(catalog, { ...all, tests: ['auth/*'] }))).toEqual([
      'auth/rejects-bad-signature',
    ]);
    expect(ids(selectTests(catalog, { ...all, tests: ['auth/**'] }))).toEqual([
      'auth/rejects-bad-signature',
      'auth/deep/nested-case',
    ]);
    expect(
      ids(selectTests(catalog, { ...all, tests: ['*/ping-pong', ' http-api/health '] })),
    ).toEqual(['http-api/health', 'websocket-events/ping-pong']);
  });

  it('treats regex characters in a selector literally', () => {
    const tests = [
      { id: 'a/x.y', module: 'a', priority: 1 },
      { id: 'a/xzy', module: 'a', priority: 1 },
    ];
    expect(ids(selectTests(tests, { ...all, tests: ['a/x.y'] }))).toEqual(['a/x.y']);
  });

  it('a module that matches nothing names the input and lists valid modules', () => {
    const err = inputErrorOf(() =>
      selectTests(catalog, { ...all, modules: ['http-api', 'websockets'] }),
    );
    expect(err.input).toBe('modules');
    expect(err.message).toContain("'websockets' matches no module");
    expect(err.message).toContain('http-api, websocket-events, auth');
  });

  it('a test that matches nothing names the input and lists valid tests', () => {
    const err = inputErrorOf(() => selectTests(catalog, { ...all, tests: ['http-api/helth'] }));
    expect(err.input).toBe('tests');
    expect(err.message).toContain("'http-api/helth' matches no test");
    expect(err.message).toContain('http-api/health');
  });

  it('an empty selection after the priority filter is an error that says why', () => {
    const err = inputErrorOf(() =>
      selectTests(catalog, { ...all, priorities: [1], tests: ['http-api/threads-paging'] }),
    );
    expect(err.input).toBe('tests');
    expect(err.message).toContain('no selected test has priority 1');
    expect(err.message).toContain('http-api/threads-paging (priority 2)');
    expect(inputErrorOf(() => selectTests(catalog, { ...all, priorities: [3] })).input).toBe(
      'priority',
    );
  });

  it('rejects a shard outside 1..count', () => {
    expect(
      inputErrorOf(() => selectTests(catalog, { ...all, shard: { index: 0, count: 2 } })).input,
    ).toBe('shard');
    expect(
      inputErrorOf(() => selectTests(catalog, { ...all, shard: { index: 3, count: 2 } })).input,
    ).toBe('shard');
  });
});

describe('shards', () => {
  const many: Selectable[] = Array.from({ length: 23 }, (_, i) => ({
    id: `m${i % 3}/t${String(i).padStart(2, '0')}`,
    module: `m${i % 3}`,
    priority: 1,
    weight: (i % 5) + 1,
  }));

  it('are disjoint, their union is the unsharded selection, and each keeps input order', () => {
    const unsharded = selectTests(many, all);
    const shards = [1, 2, 3, 4].map((index) =>
      selectTests(many, { ...all, shard: { index, count: 4 } }),
    );
    const union = shards.flat();
    expect(new Set(ids(union)).size).toBe(union.length);
    expect(ids(union).sort()).toEqual(ids(unsharded).sort());
    for (const shard of shards) {
      const positions = shard.map((t) => unsharded.indexOf(t));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('put a load test (everyShard) in every shard and deal out the rest', () => {
    const load: Selectable = {
      id: 'm9/load',
      module: 'm9',
      priority: 1,
      weight: 5,
      everyShard: true,
    };
    const withLoad = [...many, load];
    const shards = [1, 2, 3].map((index) =>
      selectTests(withLoad, { ...all, shard: { index, count: 3 } }),
    );
    for (const shard of shards) expect(ids(shard)).toContain('m9/load');
    const rest = shards.flatMap((shard) => ids(shard).filter((id) => id !== 'm9/load'));
    expect(rest.sort()).toEqual(ids(many).sort());
  });

  it('are deterministic whatever the input order', () => {
    const reversed = [...many].reverse();
    for (let index = 1; index <= 3; index++) {
      const a = ids(selectTests(many, { ...all, shard: { index, count: 3 } })).sort();
      const b = ids(selectTests(reversed, { ...all, shard: { index, count: 3 } })).sort();
      expect(a).toEqual(b);
    }
  });

  it('balance weight: a heavy test gets a shard of its own', () => {
    const tests: Selectable[] = [
      { id: 'a/heavy', module: 'a', priority: 1, weight: 6 },
      ...Array.from({ length: 6 }, (_, i) => ({ id: `a/light${i}`, module: 'a', priority: 1 })),
    ];
    const shards = assignShards(tests, 2);
    expect(ids(shards[0])).toEqual(['a/heavy']);
    expect(shards[1]).toHaveLength(6);
  });

  it('more shards than tests leaves some empty, never an error', () => {
    const shards = assignShards(catalog.slice(0, 2), 5);
    expect(shards.flat()).toHaveLength(2);
    expect(shards.filter((s) => s.length === 0)).toHaveLength(3);
  });

  it('property: every test in exactly one shard, loads within the heaviest weight', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ n: fc.nat(500), weight: fc.integer({ min: 1, max: 20 }) }), {
          selector: (r) => r.n,
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 8 }),
        (items, count) => {
          const tests = items.map((r) => ({
            id: `m/t${r.n}`,
            module: 'm',
            priority: 1,
            weight: r.weight,
          }));
          const shards = assignShards(tests, count);
          expect(shards).toHaveLength(count);
          expect(
            shards
              .flat()
              .map((t) => t.id)
              .sort(),
          ).toEqual(tests.map((t) => t.id).sort());
          const loads = shards.map((s) => s.reduce((sum, t) => sum + (t.weight ?? 1), 0));
          const heaviest = Math.max(0, ...tests.map((t) => t.weight));
          expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(heaviest);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('resolveCritical', () => {
  const p1 = { id: 'http-api/health', priority: 1 };
  const p2 = { id: 'http-api/threads-paging', priority: 2 };

  it('defaults to every priority-1 test, unless the suite says otherwise', () => {
    expect(resolveCritical(p1, null)).toBe(true);
    expect(resolveCritical(p2, null)).toBe(false);
    expect(resolveCritical({ ...p1, critical: false }, null)).toBe(false);
  });

  it('with globs, exactly the matching tests are critical', () => {
    expect(resolveCritical(p2, ['http-api/*'])).toBe(true);
    expect(resolveCritical(p1, ['websocket-events/**'])).toBe(false);
    expect(resolveCritical(p1, [])).toBe(false);
  });
});
