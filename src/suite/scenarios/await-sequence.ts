/**
 * Drives the pure sequence engine over a live source: waits for frames up to the nearest
 * deadline (`within`, `maxGap`, an element's `within`, the step's timeout), records each
 * `metric` at its match, and turns every way a sequence can fail into a GateError with its
 * category and a message that says what was awaited, what came instead, and when:
 * `awaiting {event: token} (2 of 3), got {event: run.done} at +812 ms`.
 */
import type { SequenceSpec } from '../../config/scenario-types.js';
import {
  GateError,
  type FailureCategory,
  type FailureFacts,
  type MetricSink,
} from '../../model.js';
import type { FrameSource } from './frame-source.js';
import { needsJson, showFrameAs, showPattern, type FrameValue, type Vars } from './pattern.js';
import {
  awaitedItem,
  awaitedMembers,
  feed,
  isComplete,
  membersOf,
  nextDeadline,
  startSequence,
  type SeqState,
} from './sequence.js';

export interface AwaitOptions {
  spec: SequenceSpec;
  source: FrameSource;
  vars: Vars;
  /** when the exchange this sequence answers began (request sent, frame sent), perf ms */
  anchorAt: number;
  /** the step's own bound, ms from now */
  timeoutMs: number;
  metrics: MetricSink;
  now?: () => number;
}

export interface AwaitResult {
  vars: Vars;
  matched: number;
}

/** `{event: token} (2 of 3)` */
export function describeAwaited(spec: SequenceSpec, state: SeqState): string {
  const item = awaitedItem(spec, state);
  const members = awaitedMembers(spec, state, item);
  const what = members.map((m) => showPattern(m.match)).join(' or ');
  const group = spec.items[item]?.kind === 'anyOrder' ? 'anyOrder ' : '';
  return `${group}${what} (${item + 1} of ${spec.items.length})`;
}

/** What a close code says (runner/classify's rule for the codes a sequence can meet). */
function closeCategory(code: number): FailureCategory {
  if (code === 1011) return 'ws_internal_error';
  if (code === 1008) return 'auth_rejected';
  return 'ws_abnormal_close';
}

function fail(category: FailureCategory, message: string, facts: FailureFacts = {}): never {
  throw new GateError(message, facts, category);
}

export async function awaitSequence(opts: AwaitOptions): Promise<AwaitResult> {
  const { spec, source } = opts;
  const now = opts.now ?? (() => performance.now());
  const stepDeadline = now() + opts.timeoutMs;
  const rel = (at: number): string => `+${Math.round(at - opts.anchorAt)} ms`;
  let state = startSequence(opts.vars, opts.anchorAt);
  /** frames since the last match that the sequence did not take (ignored ones excluded) */
  let others = 0;
  let lastOther: { frame: FrameValue; at: number } | undefined;
  let notJson = 0;
  const where = (): string => `${source.label}: awaiting ${describeAwaited(spec, state)}`;
  const pattern = (): unknown => awaitedMembers(spec, state, awaitedItem(spec, state))[0]?.match;
  /** what an absence is: frames that are not JSON where JSON is asked for, else a missing event */
  const absence = (): FailureCategory =>
    notJson > 0 && needsJson(pattern()) ? 'protocol_violation' : 'missing_event';
  const notJsonNote = (): string =>
    notJson > 0 ? ` (${notJson} frame(s) since the last match were not JSON)` : '';

  while (!isComplete(spec, state)) {
    const rule = nextDeadline(spec, state);
    const limit = rule && rule.at < stepDeadline ? rule.at : stepDeadline;
    const item = await source.next(Math.max(0, limit - now()));
    if (item.type === 'frame') {
      const { state: next, result } = feed(spec, state, item.frame, item.at);
      if (result.kind === 'matched') {
        const element = membersOf(spec.items[result.match.item])[result.match.member];
        if (result.match.first && element.metric) {
          opts.metrics.record(element.metric, item.at - opts.anchorAt);
        }
        others = 0;
        notJson = 0;
        lastOther = undefined;
      } else if (result.kind === 'order') {
        const later = membersOf(spec.items[result.later]).find((m) => m.match !== undefined);
        fail(
          'missing_event',
          `${where()}, got ${showFrameAs(item.frame, later?.match ?? pattern())} at ${rel(item.at)}: it matches element ${result.later + 1}, out of order`,
          { stage: 'completion', elapsedMs: item.at - opts.anchorAt },
        );
      } else if (result.kind === 'strict') {
        fail(
          'protocol_violation',
          `${where()}, got ${showFrameAs(item.frame, pattern())} at ${rel(item.at)}, which matches nothing the sequence or ignore allows (strict)`,
          { kind: 'protocol', stage: 'completion', elapsedMs: item.at - opts.anchorAt },
        );
      } else if (result.kind === 'unmatched') {
        others += 1;
        lastOther = { frame: item.frame, at: item.at };
        if (item.frame.value === undefined) notJson += 1;
      }
      state = next;
      continue;
    }
    if (item.type === 'error') {
      throw new GateError(
        `${where()}: ${item.error.message}`,
        item.error.facts,
        item.error.category,
      );
    }
    if (item.type === 'end') {
      endedEarly(item, where(), rel(item.at), opts.anchorAt, notJsonNote(), absence());
    }
    // a deadline
    const byRule = rule && rule.at <= stepDeadline;
    const bound = byRule
      ? rule.reason === 'within'
        ? `within ${rule.ms} ms`
        : rule.reason === 'maxGap'
          ? `maxGap ${rule.ms} ms since the last match`
          : `the element's within ${rule.ms} ms`
      : `the step's timeout ${Math.round(opts.timeoutMs)} ms`;
    const elapsedMs = item.at - opts.anchorAt;
    // a timing rule of the element (a slow first token), or nothing at all: a timeout;
    // silence or strangers after the run began: the awaited event is missing
    if (rule && byRule && rule.reason === 'element') {
      fail(
        'timeout',
        `${where()}, ${others === 0 ? 'got nothing' : `got ${others} other frame(s)`}: ${bound} passed at ${rel(item.at)}`,
        {
          kind: 'timeout',
          stage: state.matches.length === 0 ? 'first_event' : 'completion',
          elapsedMs,
        },
      );
    }
    if (others === 0 && state.matches.length === 0) {
      fail('timeout', `${where()}, got nothing: ${bound} passed at ${rel(item.at)}`, {
        kind: 'timeout',
        stage: 'first_event',
        elapsedMs,
      });
    }
    const last = lastOther
      ? `; last: ${showFrameAs(lastOther.frame, pattern())} at ${rel(lastOther.at)}`
      : '';
    const got = others === 0 ? 'got nothing more' : `got ${others} other frame(s)${last}`;
    const category = absence();
    fail(category, `${where()}, ${got}${notJsonNote()}; ${bound} passed at ${rel(item.at)}`, {
      ...(category === 'protocol_violation' ? { kind: 'protocol' as const } : {}),
      stage: 'completion',
      elapsedMs,
    });
  }

  if (spec.end === 'closed' || spec.closeCode) await awaitEnd(opts, state, stepDeadline, now, rel);
  return { vars: state.vars, matched: state.matches.length };
}

function endedEarly(
  item: { at: number; closeCode?: number; closeReason?: string },
  where: string,
  at: string,
  anchorAt: number,
  note: string,
  absence: FailureCategory,
): never {
  const facts: FailureFacts = { stage: 'completion', elapsedMs: item.at - anchorAt };
  if (item.closeCode !== undefined) {
    facts.closeCode = item.closeCode;
    if (item.closeReason) facts.closeReason = item.closeReason;
    const category = item.closeCode === 1000 ? 'missing_event' : closeCategory(item.closeCode);
    fail(
      category,
      `${where}, the socket closed ${item.closeCode}${item.closeReason ? ` "${item.closeReason}"` : ''} at ${at}`,
      facts,
    );
  }
  fail(absence, `${where}, the stream ended at ${at}${note}`, facts);
}

async function awaitEnd(
  opts: AwaitOptions,
  start: SeqState,
  stepDeadline: number,
  now: () => number,
  rel: (at: number) => string,
): Promise<void> {
  const { spec, source } = opts;
  let state = start;
  for (;;) {
    const within = spec.within !== undefined ? opts.anchorAt + spec.within : Infinity;
    const limit = Math.min(within, stepDeadline);
    const item = await source.next(Math.max(0, limit - now()));
    if (item.type === 'frame') {
      const { state: next, result } = feed(spec, state, item.frame, item.at);
      if (result.kind === 'strict') {
        fail(
          'protocol_violation',
          `${source.label}: after the last match, awaiting the end, got ${showFrameAs(item.frame, undefined)} at ${rel(item.at)} (strict)`,
          { kind: 'protocol', stage: 'completion' },
        );
      }
      state = next;
      continue;
    }
    if (item.type === 'error') {
      throw new GateError(
        `${source.label}: awaiting the end: ${item.error.message}`,
        item.error.facts,
        item.error.category,
      );
    }
    if (item.type === 'timeout') {
      fail(
        'timeout',
        `${source.label}: the sequence matched, but the ${source.kind === 'ws' ? 'socket was not closed' : 'stream did not end'} by ${rel(item.at)} (end: closed)`,
        { kind: 'timeout', stage: 'completion', elapsedMs: item.at - opts.anchorAt },
      );
    }
    const wanted = spec.closeCode;
    if (wanted && (item.closeCode === undefined || !wanted.includes(item.closeCode))) {
      const facts: FailureFacts = { stage: 'completion' };
      if (item.closeCode !== undefined) facts.closeCode = item.closeCode;
      if (item.closeReason) facts.closeReason = item.closeReason;
      const category =
        item.closeCode !== undefined ? closeCategory(item.closeCode) : 'ws_abnormal_close';
      fail(
        category,
        `${source.label}: closed ${item.closeCode ?? 'without a close code'}${item.closeReason ? ` "${item.closeReason}"` : ''} at ${rel(item.at)}, expected ${wanted.join(' or ')}`,
        facts,
      );
    }
    return;
  }
}
