// The matcher, each rule both ways: JSON subset, $type, $regex, $exists, ${name}, $event, $data.
import { describe, expect, it } from 'vitest';
import type { SequenceSpec } from '../../src/config/scenario-types.js';
import { parseJsonPath, readJsonPath } from '../../src/suite/scenarios/json-path.js';
import {
  explain,
  explainFrame,
  interpolateDeep,
  showFrameAs,
} from '../../src/suite/scenarios/pattern.js';
import { feed, isComplete, startSequence } from '../../src/suite/scenarios/sequence.js';

describe('the matcher', () => {
  it.each([
    [{ a: 1 }, { a: 1, b: 2 }, undefined],
    [{ a: 1 }, { a: 2 }, '$.a: expected 1, got 2'],
    [{ a: { b: 'x' } }, { a: {} }, '$.a.b: missing'],
    [{ a: [1, { b: 2 }] }, { a: [1, { b: 2, c: 3 }] }, undefined],
    [{ a: [1] }, { a: [1, 2] }, '$.a: expected 1 entries, got 2'],
    [{ a: { $type: 'string' } }, { a: 'x' }, undefined],
    [{ a: { $type: 'string' } }, { a: 5 }, '$.a: expected a string, got 5'],
    [{ a: { $type: 'null' } }, { a: null }, undefined],
    [{ a: { $type: 'array' } }, { a: {} }, '$.a: expected an array, got {}'],
    [{ a: { $regex: '^run_' } }, { a: 'run_1' }, undefined],
    [{ a: { $regex: '^run_' } }, { a: 'job_1' }, '$.a: "job_1" does not match /^run_/'],
    [{ a: { $exists: false } }, { b: 1 }, undefined],
    [{ a: { $exists: false } }, { a: 1 }, '$.a: expected absent, got 1'],
    [{ a: { $exists: true } }, { a: null }, undefined],
    [{ a: { $exists: true } }, {}, '$.a: expected present, missing'],
    [{ a: { $exists: true, $type: 'number' } }, { a: 'x' }, '$.a: expected a number, got "x"'],
  ])('%j against %j', (pattern, value, why) => {
    expect(explain(pattern, value)).toBe(why);
  });

  it('fills ${name} with captured values, keeping their type when whole', () => {
    expect(explain({ id: '${run}' }, { id: 7 }, { run: 7 })).toBeUndefined();
    expect(explain({ id: '${run}' }, { id: '7' }, { run: 7 })).toBe('$.id: expected 7, got "7"');
    expect(explain({ path: '/runs/${run}' }, { path: '/runs/7' }, { run: 7 })).toBeUndefined();
    expect(explain({ id: '${nope}' }, { id: 'x' }, {})).toBe('$.id: expected "${nope}", got "x"');
    expect(interpolateDeep({ a: ['${x}', 'n-${x}'] }, { x: 'y' })).toEqual({ a: ['y', 'n-y'] });
  });

  it('matches an SSE event name as $event and the raw text as $data', () => {
    const frame = { value: { delta: 'hi' }, text: '{"delta":"hi"}', event: 'token' };
    expect(explainFrame({ $event: 'token', delta: 'hi' }, frame)).toBeUndefined();
    expect(explainFrame({ $event: 'done' }, frame)).toBe('$event: expected "done", got "token"');
    expect(explainFrame({ $data: '[DONE]' }, { value: undefined, text: '[DONE]' })).toBeUndefined();
    expect(explainFrame({ a: 1 }, { value: undefined, text: 'oops' })).toBe(
      'the frame is not JSON',
    );
    expect(
      showFrameAs(
        { value: { event: 'run.done', payload: { x: 1 } }, text: '' },
        { event: 'token' },
      ),
    ).toBe('{event: run.done}');
  });

  it('reads the JSONPath subset', () => {
    expect(parseJsonPath("$.a['b c'][1].d")).toEqual(['a', 'b c', 1, 'd']);
    expect(parseJsonPath('$..a')).toBeUndefined();
    expect(parseJsonPath('a.b')).toBeUndefined();
    expect(readJsonPath({ a: [{ b: 2 }] }, ['a', 0, 'b'])).toBe(2);
    expect(readJsonPath({ a: [] }, ['a', 0])).toBeUndefined();
  });
});

describe('anyOrder and strict', () => {
  const spec = (strict: boolean): SequenceSpec => ({
    items: [
      {
        kind: 'one',
        element: {
          match: { t: 'start' },
          repeat: { min: 1, max: 1 },
          capture: { id: { path: ['id'], source: '$.id' } },
        },
      },
      {
        kind: 'anyOrder',
        elements: [
          { match: { t: 'x' }, repeat: { min: 1, max: 1 }, capture: {} },
          { match: { t: 'y' }, repeat: { min: 1, max: Infinity }, capture: {} },
        ],
      },
      {
        kind: 'one',
        element: { match: { t: 'end', id: '${id}' }, repeat: { min: 1, max: 1 }, capture: {} },
      },
    ],
    ignore: [{ t: 'hb' }],
    strict,
  });
  const run = (s: SequenceSpec, ts: Record<string, unknown>[]) => {
    let state = startSequence({}, 0);
    const kinds: string[] = [];
    ts.forEach((value, i) => {
      const out = feed(s, state, { value, text: JSON.stringify(value) }, i);
      state = out.state;
      kinds.push(out.result.kind);
    });
    return { kinds, complete: isComplete(s, state), vars: state.vars };
  };

  it('takes the group in any order and captures for later elements', () => {
    const r = run(spec(false), [
      { t: 'start', id: 5 },
      { t: 'y' },
      { t: 'hb' },
      { t: 'x' },
      { t: 'y' },
      { t: 'end', id: 5 },
    ]);
    expect(r.kinds).toEqual(['matched', 'matched', 'ignored', 'matched', 'matched', 'matched']);
    expect(r.complete).toBe(true);
    expect(r.vars).toEqual({ id: 5 });
  });

  it('the end before the group is satisfied is an order failure; a stranger fails only when strict', () => {
    expect(
      run(spec(false), [{ t: 'start', id: 5 }, { t: 'x' }, { t: 'end', id: 5 }]).kinds,
    ).toEqual(['matched', 'matched', 'order']);
    expect(run(spec(false), [{ t: 'start', id: 5 }, { t: 'zzz' }]).kinds).toEqual([
      'matched',
      'unmatched',
    ]);
    expect(run(spec(true), [{ t: 'start', id: 5 }, { t: 'zzz' }]).kinds).toEqual([
      'matched',
      'strict',
    ]);
    // an end of another run does not match ${id}: a stranger, not the end
    expect(
      run(spec(false), [{ t: 'start', id: 5 }, { t: 'x' }, { t: 'y' }, { t: 'end', id: 6 }])
        .complete,
    ).toBe(false);
  });
});
