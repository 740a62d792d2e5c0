/**
 * Random frame sequences into the event-stream matcher and run collector, over a real
 * WebSocket: whatever the service sends — events of any run in any order, junk, binary,
 * JSON that is not an object, error frames, silence, any close — collecting a run either
 * yields a run built only from that run's own events, or fails with a GateError that
 * classifies to a category from the wire facts. Never a crash, never a hang.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { runAgent, type AgentRun } from '../../src/client/agent-run.js';
import { WsSession } from '../../src/client/ws-session.js';
import { DEFAULT_PROTOCOL, type ProtocolConfig } from '../../src/config/protocol.js';
import { FAILURE_CATEGORIES, GateError } from '../../src/model.js';
import { classifyFailure } from '../../src/runner/classify.js';
import { createChecks } from '../../src/suite/checks.js';
import { wsServer, type Loopback } from '../client/servers.js';

const protocol: ProtocolConfig = {
  ...DEFAULT_PROTOCOL,
  timing: { eventWithinMs: 150, runWithinMs: 400, maxGapMs: 120 },
};
const E = protocol.events;
/** far beyond the run rule: reaching it means the collector hung */
const HANG_MS = 3_000;

type Step =
  | { kind: 'json'; frame: Record<string, unknown> }
  | { kind: 'text'; text: string }
  | { kind: 'binary'; bytes: number }
  | { kind: 'pause'; ms: number };
type Ending = { kind: 'close'; code: number } | { kind: 'terminate' } | { kind: 'silent' };
interface Script {
  steps: Step[];
  ending: Ending;
}

const RUN_IDS = ['r1', 'r2', 'r3'];
const eventType = fc.constantFrom(
  E.started,
  E.thinking,
  E.toolExecuting,
  E.toolCompleted,
  E.completed,
  E.error,
  'heartbeat',
  'pong',
  'error',
  'error_message',
  'ack',
  'something_else',
);
const event = fc
  .record({
    type: eventType,
    run_id: fc.option(fc.oneof(fc.constantFrom(...RUN_IDS), fc.integer()), { nil: undefined }),
    user_id: fc.option(fc.constantFrom('u1', 'u2'), { nil: undefined }),
    tool: fc.option(fc.constantFrom('search', 'query'), { nil: undefined }),
    extra: fc.option(fc.jsonValue(), { nil: undefined }),
  })
  .map(({ type, run_id, user_id, tool, extra }) => {
    const frame: Record<string, unknown> = { type, data: tool ? { tool_name: tool } : {} };
    if (run_id !== undefined) frame.run_id = run_id;
    if (user_id !== undefined) frame.user_id = user_id;
    if (extra !== undefined) frame.extra = extra;
    return frame;
  });

/** a healthy run of `runId`, to mutate: the interesting sequences are near-healthy ones */
const healthy = (runId: string, tools: string[]): Record<string, unknown>[] => [
  { type: E.started, run_id: runId, user_id: 'u1', data: {} },
  { type: E.thinking, run_id: runId, user_id: 'u1', data: { reasoning: 'hm' } },
  ...tools.flatMap((t) => [
    { type: E.toolExecuting, run_id: runId, user_id: 'u1', data: { tool_name: t } },
    { type: E.toolCompleted, run_id: runId, user_id: 'u1', data: { tool_name: t } },
  ]),
  { type: E.completed, run_id: runId, user_id: 'u1', data: { result: 'ok' } },
];

const junk: fc.Arbitrary<Step> = fc.oneof(
  fc.string({ maxLength: 40 }).map((text) => ({ kind: 'text' as const, text })),
  fc.jsonValue().map((v) => ({ kind: 'text' as const, text: JSON.stringify(v) ?? 'null' })),
  fc.integer({ min: 0, max: 64 }).map((bytes) => ({ kind: 'binary' as const, bytes })),
  fc.integer({ min: 0, max: 30 }).map((ms) => ({ kind: 'pause' as const, ms })),
  event.map((frame) => ({ kind: 'json' as const, frame })),
);

const mutatedHealthy: fc.Arbitrary<Step[]> = fc
  .record({
    runId: fc.constantFrom(...RUN_IDS),
    tools: fc.array(fc.constantFrom('search', 'query'), { maxLength: 2 }),
    edits: fc.array(
      fc.record({
        op: fc.constantFrom('insert', 'drop', 'swap', 'duplicate'),
        at: fc.nat(),
        step: junk,
      }),
      { maxLength: 3 },
    ),
  })
  .map(({ runId, tools, edits }) => {
    const steps: Step[] = healthy(runId, tools).map((frame) => ({ kind: 'json', frame }));
    for (const { op, at, step } of edits) {
      const i = at % (steps.length + 1);
      if (op === 'insert') steps.splice(i, 0, step);
      else if (steps.length === 0) continue;
      else if (op === 'drop') steps.splice(i % steps.length, 1);
      else if (op === 'duplicate') steps.splice(i % steps.length, 0, steps[i % steps.length]);
      else {
        const j = i % steps.length;
        const k = (j + 1) % steps.length;
        [steps[j], steps[k]] = [steps[k], steps[j]];
      }
    }
    return steps;
  });

const ending: fc.Arbitrary<Ending> = fc.oneof(
  fc.constant({ kind: 'silent' as const }),
  fc.constant({ kind: 'terminate' as const }),
  fc
    .constantFrom(1000, 1001, 1003, 1008, 1011, 1012, 1013, 4000, 4999)
    .map((code) => ({ kind: 'close' as const, code })),
);

const script: fc.Arbitrary<Script> = fc.record({
  steps: fc.oneof(
    { arbitrary: mutatedHealthy, weight: 3 },
    { arbitrary: fc.array(junk, { maxLength: 12 }), weight: 1 },
  ),
  ending,
});

let server: Loopback | undefined;
/** what the server plays to the next request frame */
let next: Script = { steps: [], ending: { kind: 'silent' } };

async function play(ws: WebSocket, s: Script): Promise<void> {
  for (const step of s.steps) {
    if (ws.readyState !== ws.OPEN) return;
    if (step.kind === 'pause') await new Promise((r) => setTimeout(r, step.ms));
    else if (step.kind === 'json') ws.send(JSON.stringify(step.frame));
    else if (step.kind === 'text') ws.send(step.text);
    else ws.send(Buffer.alloc(step.bytes, 0xab), { binary: true });
  }
  if (ws.readyState !== ws.OPEN) return;
  if (s.ending.kind === 'close') ws.close(s.ending.code, 'scripted');
  else if (s.ending.kind === 'terminate') ws.terminate();
}

beforeAll(async () => {
  server = await wsServer((ws) => {
    ws.send(JSON.stringify({ type: 'connection_established', data: { user_id: 'u1' } }));
    ws.once('message', () => void play(ws, next));
  });
});
afterAll(async () => server?.close());

const RUN_EVENTS: string[] = [
  E.started,
  E.thinking,
  E.toolExecuting,
  E.toolCompleted,
  E.completed,
  E.error,
];

/**
 * What the collector must have made of the script for `runId`, from PROTOCOL.md's rules
 * rather than from its code: the run is bound by its start (or an error ending it) from this
 * user; its events that came earlier from this user still belong to it (the order check must
 * see them, up to 12); after the binding, every event of the run id counts until the first
 * that ends the run.
 */
function expectedEventsOf(s: Script, runId: string): string[] {
  const mine = (f: Record<string, unknown>): boolean =>
    f.user_id === undefined || f.user_id === 'u1';
  const events = s.steps.flatMap((step) =>
    step.kind === 'json' &&
    step.frame.run_id === runId &&
    RUN_EVENTS.includes(String(step.frame.type))
      ? [step.frame]
      : [],
  );
  const bound = events.findIndex((f) => (f.type === E.started || f.type === E.error) && mine(f));
  if (bound < 0) return [];
  const early = events.slice(0, bound).filter(mine).slice(0, 12);
  const out = early.map((f) => String(f.type));
  for (const f of events.slice(bound)) {
    out.push(String(f.type));
    if (f.type === E.completed || f.type === E.error) break;
  }
  return out;
}

type Outcome = { ok: true; run: AgentRun } | { ok: false; err: unknown } | { hung: true };

async function collect(s: Script, trigger: 'start_agent' | 'user_message'): Promise<Outcome> {
  next = s;
  const session = await WsSession.connect({
    url: server?.wsUrl ?? '',
    transport: 'header',
    timeoutMs: 1_000,
    protocol,
  });
  try {
    await session.awaitWelcome(1_000);
    const request =
      trigger === 'start_agent'
        ? ({ trigger, userRequest: 'go' } as const)
        : ({ trigger, content: 'go' } as const);
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<Outcome>(
      (r) => (timer = setTimeout(() => r({ hung: true }), HANG_MS)),
    );
    const result = runAgent(session, request, { userId: 'u1' }).then(
      (run): Outcome => ({ ok: true, run }),
      (err: unknown): Outcome => ({ ok: false, err }),
    );
    const outcome = await Promise.race([result, hang]);
    clearTimeout(timer);
    return outcome;
  } finally {
    await session.close();
  }
}

describe('collecting a run from a hostile stream', () => {
  it('yields only the run’s own events, or a classified GateError; never throws otherwise, never hangs', async () => {
    const checks = createChecks(protocol);
    let passed = 0;
    let failed = 0;
    await fc.assert(
      fc.asyncProperty(
        script,
        fc.constantFrom('start_agent' as const, 'user_message' as const),
        async (s, trigger) => {
          const outcome = await collect(s, trigger);
          if ('hung' in outcome)
            throw new Error('the collector did not end within its timing rules');
          if (!outcome.ok) {
            failed++;
            const err = outcome.err;
            expect(err).toBeInstanceOf(GateError);
            const failure = classifyFailure(err);
            expect(FAILURE_CATEGORIES).toContain(failure.category);
            // wire failures are named by their facts, never left to the catch-all
            expect(failure.category).not.toBe('assertion');
            expect(failure.message.length).toBeGreaterThan(10);
            return;
          }
          const run = outcome.run;
          if (run.outcome === 'error_frame') {
            expect(run.errorFrame).toBeDefined();
            return;
          }
          // every collected event is the bound run's, exactly as the service sent them
          expect(run.events.map((e) => e.type)).toEqual(expectedEventsOf(s, run.runId));
          for (const e of run.events) expect(e.frame.run_id).toBe(run.runId);
          const last = run.events[run.events.length - 1];
          expect(last.type).toBe(run.outcome === 'completed' ? E.completed : E.error);
          try {
            checks.expectRun(run, 'the run');
            passed++;
            expect(run.events[0].type).toBe(E.started);
          } catch (err) {
            failed++;
            expect(err).toBeInstanceOf(GateError);
            expect((err as GateError).category).toBe('missing_event');
          }
        },
      ),
      { numRuns: 150 },
    );
    // the generator reaches both sides: healthy runs pass, broken ones fail
    expect(passed).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
  }, 60_000);
});
