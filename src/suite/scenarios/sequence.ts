/**
 * The sequence engine: one frame at a time against an ordered list of elements, as pure
 * functions over an immutable state. No clock and no I/O: the driver
 * (`await-sequence.ts`) feeds frames with the ms they arrived at and asks for deadlines.
 *
 * The rules (INTERFACE.md §6):
 * - a frame that matches `ignore` is skipped, before anything else;
 * - it is taken by the current item while that item can take more (`repeat` max), else by the
 *   next items as far as every item passed on the way is satisfied (`repeat` min; `0+` may be
 *   passed untaken); an `anyOrder` item takes its members in any order;
 * - a frame that matches an item further on, which it cannot reach yet, is an order failure;
 * - any other frame is allowed, unless `strict`;
 * - the sequence is complete as soon as every item from the current one on is satisfied, so a
 *   trailing `1+` is satisfied by its first match.
 */
import type { SequenceElement, SequenceItem, SequenceSpec } from '../../config/scenario-types.js';
import { readJsonPath } from './json-path.js';
import { matchesFrame, type FrameValue, type Vars } from './pattern.js';

export interface SeqMatch {
  item: number;
  member: number;
  atMs: number;
  /** the first match of this element */
  first: boolean;
}

export interface SeqState {
  /** the current item */
  readonly pos: number;
  /** matches so far of each member of the current item */
  readonly counts: readonly number[];
  readonly vars: Vars;
  readonly matches: readonly SeqMatch[];
  /** ms of the last match, or of the anchor before any */
  readonly lastMatchAt: number;
  readonly anchorAt: number;
}

export type FeedResult =
  | { kind: 'ignored' }
  | { kind: 'matched'; match: SeqMatch }
  | { kind: 'unmatched' }
  /** the frame matches item `later`, which needs item `awaiting` first */
  | { kind: 'order'; awaiting: number; later: number }
  | { kind: 'strict' };

export function membersOf(item: SequenceItem): readonly SequenceElement[] {
  return item.kind === 'one' ? [item.element] : item.elements;
}

export function startSequence(vars: Vars, anchorAt: number): SeqState {
  return { pos: 0, counts: [], vars, matches: [], lastMatchAt: anchorAt, anchorAt };
}

function countsAt(spec: SequenceSpec, state: SeqState, item: number): readonly number[] {
  if (item === state.pos && state.counts.length > 0) return state.counts;
  return membersOf(spec.items[item]).map(() => 0);
}

function satisfied(item: SequenceItem, counts: readonly number[]): boolean {
  return membersOf(item).every((m, i) => counts[i] >= m.repeat.min);
}

function saturated(item: SequenceItem, counts: readonly number[]): boolean {
  return membersOf(item).every((m, i) => counts[i] >= m.repeat.max);
}

/** The member of `item` that takes `frame`, given its counts, or -1. */
function takerIn(
  item: SequenceItem,
  counts: readonly number[],
  frame: FrameValue,
  vars: Vars,
): number {
  return membersOf(item).findIndex(
    (m, i) => counts[i] < m.repeat.max && matchesFrame(m.match, frame, vars),
  );
}

export function isComplete(spec: SequenceSpec, state: SeqState): boolean {
  for (let i = state.pos; i < spec.items.length; i++) {
    if (!satisfied(spec.items[i], countsAt(spec, state, i))) return false;
  }
  return true;
}

/** The item a failure message names as awaited: the first one not yet satisfied. */
export function awaitedItem(spec: SequenceSpec, state: SeqState): number {
  for (let i = state.pos; i < spec.items.length; i++) {
    if (!satisfied(spec.items[i], countsAt(spec, state, i))) return i;
  }
  return Math.min(state.pos, spec.items.length - 1);
}

/** The members of an item still short of their minimum (all of them when none is). */
export function awaitedMembers(
  spec: SequenceSpec,
  state: SeqState,
  item: number,
): SequenceElement[] {
  const counts = countsAt(spec, state, item);
  const members = membersOf(spec.items[item]);
  const short = members.filter((m, i) => counts[i] < m.repeat.min);
  return short.length > 0 ? short : [...members];
}

function capture(element: SequenceElement, frame: FrameValue, vars: Vars): Vars {
  const entries = Object.entries(element.capture);
  if (entries.length === 0) return vars;
  const out: Record<string, unknown> = { ...vars };
  const source = frame.value;
  for (const [name, c] of entries) {
    const v = readJsonPath(source, c.path);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

export function feed(
  spec: SequenceSpec,
  state: SeqState,
  frame: FrameValue,
  atMs: number,
): { state: SeqState; result: FeedResult } {
  if (spec.ignore.some((p) => matchesFrame(p, frame, state.vars))) {
    return { state, result: { kind: 'ignored' } };
  }
  for (let k = state.pos; k < spec.items.length; k++) {
    const item = spec.items[k];
    const counts = countsAt(spec, state, k);
    const member = takerIn(item, counts, frame, state.vars);
    if (member >= 0) {
      const element = membersOf(item)[member];
      const next = counts.map((c, i) => (i === member ? c + 1 : c));
      const match: SeqMatch = { item: k, member, atMs, first: counts[member] === 0 };
      const vars = match.first ? capture(element, frame, state.vars) : state.vars;
      const done = saturated(item, next);
      return {
        state: {
          pos: done ? k + 1 : k,
          counts: done ? [] : next,
          vars,
          matches: [...state.matches, match],
          lastMatchAt: atMs,
          anchorAt: state.anchorAt,
        },
        result: { kind: 'matched', match },
      };
    }
    if (!satisfied(item, counts)) {
      // beyond here the frame cannot be taken yet: matching any further item is early
      for (let j = k + 1; j < spec.items.length; j++) {
        const later = membersOf(spec.items[j]).some((m) =>
          matchesFrame(m.match, frame, state.vars),
        );
        if (later) return { state, result: { kind: 'order', awaiting: k, later: j } };
      }
      break;
    }
  }
  return { state, result: { kind: spec.strict ? 'strict' : 'unmatched' } };
}

export type DeadlineReason = 'within' | 'maxGap' | 'element';

/** When waiting must stop, and which rule says so; undefined = no rule (the step timeout). */
export function nextDeadline(
  spec: SequenceSpec,
  state: SeqState,
): { at: number; reason: DeadlineReason; ms: number } | undefined {
  const candidates: { at: number; reason: DeadlineReason; ms: number }[] = [];
  if (spec.within !== undefined) {
    candidates.push({ at: state.anchorAt + spec.within, reason: 'within', ms: spec.within });
  }
  if (spec.maxGap !== undefined) {
    candidates.push({ at: state.lastMatchAt + spec.maxGap, reason: 'maxGap', ms: spec.maxGap });
  }
  const item = awaitedItem(spec, state);
  if (item < spec.items.length) {
    const counts = countsAt(spec, state, item);
    membersOf(spec.items[item]).forEach((m, i) => {
      if (m.within !== undefined && counts[i] === 0 && m.repeat.min > 0) {
        candidates.push({ at: state.anchorAt + m.within, reason: 'element', ms: m.within });
      }
    });
  }
  if (candidates.length === 0) return undefined;
  return candidates.reduce((a, b) => (b.at < a.at ? b : a));
}
