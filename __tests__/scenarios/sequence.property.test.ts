// The sequence engine against random frame streams and random sequences, compared with a
// small reference matcher written here from the rules of INTERFACE.md §6, and with a regular
// expression built from the sequence: the frames a completed sequence took must spell a word
// of it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SequenceSpec } from '../../src/config/scenario-types.js';
import { feed, isComplete, startSequence } from '../../src/suite/scenarios/sequence.js';

type Label = 'a' | 'b' | 'c' | 'h';
interface Item {
  label: Exclude<Label, 'h'>;
  min: number;
  max: number;
}
type Outcome =
  | { kind: 'complete'; at: number }
  | { kind: 'order'; at: number }
  | { kind: 'strict'; at: number }
  | { kind: 'incomplete' };

const REPEATS = [
  { min: 1, max: 1 },
  { min: 2, max: 2 },
  { min: 1, max: Infinity },
  { min: 0, max: Infinity },
];

/** The reference: every item's count kept, the reachable range recomputed for each frame. */
function reference(frames: Label[], items: Item[], ignoreH: boolean, strict: boolean): Outcome {
  const counts = items.map(() => 0);
  let pos = 0;
  const satisfiedFrom = (from: number) =>
    items.slice(from).every((it, i) => counts[from + i] >= it.min);
  for (let t = 0; t < frames.length; t++) {
    const f = frames[t];
    if (ignoreH && f === 'h') continue;
    let taken = false;
    let stop = items.length;
    for (let k = pos; k < items.length; k++) {
      if (items[k].label === f && counts[k] < items[k].max) {
        counts[k] += 1;
        pos = counts[k] === items[k].max ? k + 1 : k;
        taken = true;
        break;
      }
      if (counts[k] < items[k].min) {
        stop = k;
        break;
      }
    }
    if (!taken) {
      if (items.some((it, j) => j > stop && it.label === f)) return { kind: 'order', at: t };
      if (strict) return { kind: 'strict', at: t };
    }
    if (satisfiedFrom(pos)) return { kind: 'complete', at: t };
  }
  return { kind: 'incomplete' };
}

function engine(
  frames: Label[],
  items: Item[],
  ignoreH: boolean,
  strict: boolean,
): { outcome: Outcome; taken: Label[] } {
  const spec: SequenceSpec = {
    items: items.map((it) => ({
      kind: 'one',
      element: { match: { t: it.label }, repeat: { min: it.min, max: it.max }, capture: {} },
    })),
    ignore: ignoreH ? [{ t: 'h' }] : [],
    strict,
  };
  let state = startSequence({}, 0);
  const taken: Label[] = [];
  for (let t = 0; t < frames.length; t++) {
    const value = { t: frames[t] };
    const { state: next, result } = feed(spec, state, { value, text: JSON.stringify(value) }, t);
    state = next;
    if (result.kind === 'matched') taken.push(frames[t]);
    if (result.kind === 'order' || result.kind === 'strict')
      return { outcome: { kind: result.kind, at: t }, taken };
    if (isComplete(spec, state)) return { outcome: { kind: 'complete', at: t }, taken };
  }
  return { outcome: { kind: 'incomplete' }, taken };
}

const item = fc
  .record({
    label: fc.constantFrom<Item['label']>('a', 'b', 'c'),
    repeat: fc.constantFrom(...REPEATS),
  })
  .map(({ label, repeat }) => ({ label, ...repeat }));
const items = fc
  .array(item, { minLength: 1, maxLength: 4 })
  .filter((xs) => xs.some((x) => x.min > 0));
const frames = fc.array(fc.constantFrom<Label>('a', 'b', 'c', 'h'), { maxLength: 14 });

function regexOf(xs: Item[]): RegExp {
  return new RegExp(
    `^${xs.map((x) => `(?:${x.label}){${x.min},${x.max === Infinity ? '' : x.max}}`).join('')}$`,
  );
}

describe('the sequence engine', () => {
  it('agrees with the reference matcher on every stream', () => {
    fc.assert(
      fc.property(frames, items, fc.boolean(), fc.boolean(), (fs, xs, ignoreH, strict) => {
        expect(engine(fs, xs, ignoreH, strict).outcome).toEqual(reference(fs, xs, ignoreH, strict));
      }),
      { numRuns: 3000 },
    );
  });

  it('a completed sequence took a word of the sequence', () => {
    fc.assert(
      fc.property(frames, items, fc.boolean(), (fs, xs, strict) => {
        const { outcome, taken } = engine(fs, xs, true, strict);
        // (not the converse: repeats are greedy, so `a 0+` then `a` never completes on "a")
        if (outcome.kind === 'complete') expect(taken.join('')).toMatch(regexOf(xs));
      }),
      { numRuns: 3000 },
    );
  });

  it('an ignored frame changes nothing, wherever it comes', () => {
    fc.assert(
      fc.property(frames, items, fc.boolean(), (fs, xs, strict) => {
        const without = fs.filter((f) => f !== 'h');
        const a = engine(fs, xs, true, strict);
        const b = engine(without, xs, true, strict);
        expect(a.outcome.kind).toBe(b.outcome.kind);
        expect(a.taken).toEqual(b.taken);
      }),
      { numRuns: 2000 },
    );
  });
});
