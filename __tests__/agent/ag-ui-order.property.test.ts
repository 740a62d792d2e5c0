/**
 * Our run-order rules (agent/run-order.ts, over the AG-UI adapter's mapping) against the
 * official client's own verification (`verifyEvents` of @ag-ui/client) on random AG-UI event
 * sequences. They agree, except where ours is stricter on purpose — each difference is a
 * predicate below, and the property is an equivalence, so no other difference exists:
 *
 *  1. truncation: a stream that ends without RUN_FINISHED or RUN_ERROR. verifyEvents lets the
 *     stream complete (the client resolves such a run as a success); we call it `missing_event`.
 *  2. one run per request: any event after the first terminal event. verifyEvents allows a new
 *     RUN_STARTED after RUN_FINISHED/RUN_ERROR (a replayed thread) and a RUN_ERROR after
 *     RUN_FINISHED; the gate POSTed one run, so anything after its end is a violation.
 *  3. tool results: a TOOL_CALL_RESULT for a call that never started. verifyEvents does not
 *     check results at all.
 *
 * Subagent attribution (subagentRunId) is verifyEvents' alone and is left out of the
 * sequences. A second property holds our *_CHUNK expansion against the client's
 * transformChunks.
 */
import { transformChunks, verifyEvents } from '@ag-ui/client';
import type { BaseEvent } from '@ag-ui/core';
import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createEventMapper, mapEvent } from '../../src/agent/ag-ui/events.js';
import type { AgUiFrame } from '../../src/agent/ag-ui/wire.js';
import type { AgentEvent, AgentRun } from '../../src/agent/model.js';
import {
  checkBalance,
  checkNothingAfterEnd,
  checkOwnIds,
  checkStartAndEnd,
} from '../../src/agent/run-order.js';

process.env.SUPPRESS_TRANSFORMATION_WARNINGS = 'true';

const RUN = { threadId: 't1', runId: 'r1' };
const msg = fc.constantFrom('m1', 'm2');
const call = fc.constantFrom('c1', 'c2');

const anyEvent: fc.Arbitrary<AgUiFrame> = fc.oneof(
  fc.constant({ type: 'RUN_STARTED', ...RUN }),
  fc.constant({ type: 'RUN_FINISHED', ...RUN }),
  fc.constant({ type: 'RUN_ERROR', message: 'boom' }),
  fc.constantFrom('s1', 's2').map((stepName) => ({ type: 'STEP_STARTED', stepName })),
  fc.constantFrom('s1', 's2').map((stepName) => ({ type: 'STEP_FINISHED', stepName })),
  msg.map((messageId) => ({ type: 'TEXT_MESSAGE_START', messageId, role: 'assistant' })),
  msg.map((messageId) => ({ type: 'TEXT_MESSAGE_CONTENT', messageId, delta: 'hi' })),
  msg.map((messageId) => ({ type: 'TEXT_MESSAGE_END', messageId })),
  call.map((toolCallId) => ({ type: 'TOOL_CALL_START', toolCallId, toolCallName: 'echo' })),
  call.map((toolCallId) => ({ type: 'TOOL_CALL_ARGS', toolCallId, delta: '{}' })),
  call.map((toolCallId) => ({ type: 'TOOL_CALL_END', toolCallId })),
  call.map((toolCallId) => ({
    type: 'TOOL_CALL_RESULT',
    messageId: 'tm',
    toolCallId,
    content: 'ok',
  })),
  msg.map((messageId) => ({ type: 'REASONING_START', messageId })),
  msg.map((messageId) => ({ type: 'REASONING_MESSAGE_START', messageId, role: 'reasoning' })),
  msg.map((messageId) => ({ type: 'REASONING_MESSAGE_CONTENT', messageId, delta: 'hm' })),
  msg.map((messageId) => ({ type: 'REASONING_MESSAGE_END', messageId })),
  msg.map((messageId) => ({ type: 'REASONING_END', messageId })),
  fc.constant({ type: 'CUSTOM', name: 'x', value: 1 }),
  fc.constant({ type: 'STATE_SNAPSHOT', snapshot: {} }),
) as fc.Arbitrary<AgUiFrame>;

/** Random sequences, and many that start and finish like a run, so both sides accept often. */
const sequences = fc.oneof(
  fc.array(anyEvent, { maxLength: 12 }),
  fc
    .array(anyEvent, { maxLength: 10 })
    .map((body) => [{ type: 'RUN_STARTED', ...RUN }, ...body, { type: 'RUN_FINISHED', ...RUN }]),
);

function runOf(frames: AgUiFrame[]): AgentRun {
  const events: AgentEvent[] = frames.map((f, i) => mapEvent(f, i + 1));
  return {
    protocol: 'ag-ui',
    requested: RUN,
    events,
    end: { kind: 'closed', atMs: frames.length + 1 },
  };
}

/** Ours rejects: a rule is broken (an agent's own RUN_ERROR is a well-formed run that failed). */
function oursRejects(run: AgentRun): string | undefined {
  const started = checkStartAndEnd(run);
  const v =
    checkOwnIds(run, run.requested) ??
    (started?.category === 'agent_error' ? undefined : started) ??
    checkBalance(run) ??
    checkNothingAfterEnd(run);
  return v?.message;
}

async function verifyRejects(frames: AgUiFrame[]): Promise<string | undefined> {
  try {
    await lastValueFrom(from(frames as BaseEvent[]).pipe(verifyEvents(), toArray()));
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const TERMINAL = new Set(['RUN_FINISHED', 'RUN_ERROR']);
/** The documented differences, each a predicate on the sequence alone. */
function stricterOnPurpose(frames: AgUiFrame[]): string | undefined {
  const end = frames.findIndex((f) => TERMINAL.has(f.type));
  if (end < 0) return 'truncation';
  if (end < frames.length - 1) return 'an event after the terminal event';
  const started = new Set<unknown>();
  for (const f of frames.slice(0, end)) {
    if (f.type === 'TOOL_CALL_START') started.add(f.toolCallId);
    if (f.type === 'TOOL_CALL_RESULT' && !started.has(f.toolCallId)) return 'an orphan tool result';
  }
  return undefined;
}

describe('our AG-UI order rules against @ag-ui/client verifyEvents', () => {
  it('reject exactly what verifyEvents rejects, plus the documented stricter cases', async () => {
    const seen = { bothAccept: 0, verifyRejects: 0, onlyOurs: 0 };
    await fc.assert(
      fc.asyncProperty(sequences, async (frames) => {
        const ours = oursRejects(runOf(frames));
        const theirs = await verifyRejects(frames);
        const stricter = stricterOnPurpose(frames);
        if (theirs !== undefined) seen.verifyRejects++;
        else if (ours === undefined) seen.bothAccept++;
        else seen.onlyOurs++;
        const detail = JSON.stringify({ types: frames.map((f) => f.type), ours, theirs, stricter });
        expect(ours !== undefined, detail).toBe(theirs !== undefined || stricter !== undefined);
      }),
      { numRuns: 3_000 },
    );
    // the sequences exercise every side of the equivalence, not one of them
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(100);
  });

  it('each difference exists: verifyEvents accepts what we reject', async () => {
    const truncated: AgUiFrame[] = [
      { type: 'RUN_STARTED', ...RUN },
      { type: 'TEXT_MESSAGE_START', messageId: 'm1' },
      { type: 'TEXT_MESSAGE_CONTENT', messageId: 'm1', delta: 'hal' },
    ];
    const twoRuns: AgUiFrame[] = [
      { type: 'RUN_STARTED', ...RUN },
      { type: 'RUN_FINISHED', ...RUN },
      { type: 'RUN_STARTED', ...RUN },
      { type: 'RUN_FINISHED', ...RUN },
    ];
    for (const frames of [truncated, twoRuns]) {
      expect(await verifyRejects(frames)).toBeUndefined();
      expect(oursRejects(runOf(frames))).toBeDefined();
    }
  });
});

// ---- *_CHUNK expansion against transformChunks ----

const chunkEvent: fc.Arbitrary<AgUiFrame> = fc.oneof(
  fc
    .record(
      {
        messageId: fc.option(msg, { nil: undefined }),
        delta: fc.option(fc.constantFrom('a', 'ü'), { nil: undefined }),
      },
      { requiredKeys: [] },
    )
    .map((c) => ({ type: 'TEXT_MESSAGE_CHUNK', ...c })),
  fc
    .record(
      {
        toolCallId: fc.option(call, { nil: undefined }),
        toolCallName: fc.option(fc.constantFrom('echo', 'other'), { nil: undefined }),
        delta: fc.option(fc.constant('{'), { nil: undefined }),
      },
      { requiredKeys: [] },
    )
    .map((c) => ({ type: 'TOOL_CALL_CHUNK', ...c })),
  fc
    .record(
      {
        messageId: fc.option(msg, { nil: undefined }),
        delta: fc.option(fc.constant('r'), { nil: undefined }),
      },
      { requiredKeys: [] },
    )
    .map((c) => ({ type: 'REASONING_MESSAGE_CHUNK', ...c })),
  anyEvent,
  fc.constant({ type: 'RAW', event: {} }),
) as fc.Arbitrary<AgUiFrame>;

/** What a normalized event says, without the wire names. */
const shape = (e: AgentEvent) => [
  e.kind,
  e.phase,
  e.span,
  e.ids,
  e.text ?? null,
  e.toolName ?? null,
];

describe('our *_CHUNK expansion against @ag-ui/client transformChunks', () => {
  it('gives the same events, and fails where it throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(chunkEvent, { maxLength: 10 }), async (frames) => {
        const clean = frames.map(
          (f) =>
            Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as AgUiFrame,
        );
        let theirs: AgentEvent[] | undefined;
        try {
          const out = await lastValueFrom(
            from(clean as BaseEvent[]).pipe(transformChunks(), toArray()),
          );
          theirs = (out as unknown as AgUiFrame[]).map((f) => mapEvent(f, 0));
        } catch {
          theirs = undefined;
        }
        const mapper = createEventMapper();
        let ours: AgentEvent[] | undefined = [];
        for (const f of clean) {
          const r = mapper.map(f, 0);
          if (!r.ok) {
            ours = undefined;
            break;
          }
          ours.push(...r.events);
        }
        expect(ours?.map(shape), JSON.stringify(clean)).toEqual(theirs?.map(shape));
      }),
      { numRuns: 2_000 },
    );
  });
});
