/**
 * One agent run over a session: send `start_agent` or `user_message`, bind the run by the
 * first event that answers it, then collect only that run's events until it completes,
 * fails, or breaks a timing rule. Timing rules (PROTOCOL.md §3.3, `protocol.timing`):
 * the first event within `eventWithinMs` of the request, the whole run within
 * `runWithinMs`, no gap between events over `maxGapMs`.
 */
import type { ProtocolConfig } from '../config/protocol.js';
import { GateError, type Stage } from '../model.js';
import type { ReceivedFrame } from './frame-queue.js';
import { isErrorFrame, runEventTypes, stringField, type Frame } from './frames.js';
import type { SentMark, WsSession } from './ws-session.js';

export type RunTrigger = 'start_agent' | 'user_message';

export interface RunFrame {
  type: string;
  /** ms from the request to its arrival */
  atMs: number;
  frame: Frame;
}

export interface AgentRun {
  trigger: RunTrigger;
  runId: string;
  /** the run's events in arrival order (heartbeats and other frames left out) */
  events: RunFrame[];
  /** how it ended: the completion event, the error event, or an error frame */
  outcome: 'completed' | 'agent_error' | 'error_frame';
  /** the error frame that ended it, when `outcome` is `error_frame` */
  errorFrame?: Frame;
  /** request → first frame of the run */
  firstFrameMs: number;
  /** request → `agent_started`, when it came */
  startedMs?: number;
  /** request → the frame that ended the run */
  durationMs: number;
}

export interface SentRun {
  trigger: RunTrigger;
  mark: SentMark;
  /** the thread the request named: events of other threads never bind the run */
  threadId?: string;
}

export interface CollectOptions {
  /** the session's user: events carrying another `user_id` never bind the run */
  userId?: string;
  signal?: AbortSignal;
  /**
   * Runs already bound elsewhere. A user's events reach all of that user's connections, so
   * two runs of one user in flight at once would be told apart by this alone.
   */
  isClaimed?: (runId: string) => boolean;
  /** called once the run is bound to its id */
  onBound?: (runId: string) => void;
}

export function startAgent(
  session: WsSession,
  req: { userRequest: string; agent?: string; threadId?: string },
): SentRun {
  const payload: Frame = { user_request: req.userRequest };
  if (req.agent) payload.agent = req.agent;
  const frame: Frame = { type: session.protocol.messages.startAgent, payload };
  if (req.threadId) frame.thread_id = req.threadId;
  return {
    trigger: 'start_agent',
    mark: session.send(frame),
    ...(req.threadId ? { threadId: req.threadId } : {}),
  };
}

export function sendUserMessage(
  session: WsSession,
  req: { content: string; threadId?: string },
): SentRun {
  const frame: Frame = { type: session.protocol.messages.userMessage, content: req.content };
  if (req.threadId) frame.thread_id = req.threadId;
  return {
    trigger: 'user_message',
    mark: session.send(frame),
    ...(req.threadId ? { threadId: req.threadId } : {}),
  };
}

function describeEvents(events: RunFrame[]): string {
  if (events.length === 0) return 'no events';
  const shown = events.slice(0, 12).map((e) => `${e.type}@${Math.round(e.atMs)}ms`);
  return shown.join(', ') + (events.length > 12 ? `, … (${events.length} in all)` : '');
}

/** Collects the run that `sent` started; throws a GateError on close, junk or timeout. */
export async function collectRun(
  session: WsSession,
  sent: SentRun,
  opts: CollectOptions = {},
): Promise<AgentRun> {
  const p: ProtocolConfig = session.protocol;
  const timing = p.timing;
  const eventTypes = runEventTypes(p);
  const sentAt = sent.mark.atMs;
  const events: RunFrame[] = [];
  let runId: string | undefined;
  let cursor = sent.mark.cursor;

  /** unbound runs whose events came after the request without a start: evidence for a failure */
  const startless = new Map<string, ReceivedFrame[]>();
  const belongs = (f: ReceivedFrame): boolean => {
    if (isErrorFrame(f, p)) {
      const rid = stringField(f.msg, 'run_id');
      return rid === undefined || rid === runId;
    }
    if (f.type === undefined || !eventTypes.has(f.type)) return false;
    const rid = stringField(f.msg, 'run_id');
    if (runId !== undefined) return rid === runId;
    if (rid === undefined || opts.isClaimed?.(rid)) return false;
    const uid = stringField(f.msg, 'user_id');
    if (opts.userId !== undefined && uid !== undefined && uid !== opts.userId) return false;
    const tid = stringField(f.msg, 'thread_id');
    if (sent.threadId !== undefined && tid !== undefined && tid !== sent.threadId) return false;
    // A run is bound by its start (or by an error that ends it before it starts): the tail
    // of a run already in flight when the request left must never pass for its answer.
    if (f.type === p.events.started || f.type === p.events.error) return true;
    const seen = startless.get(rid) ?? [];
    if (seen.length < 12 && !seen.some((x) => x.seq === f.seq)) seen.push(f);
    startless.set(rid, seen);
    return false;
  };

  for (;;) {
    const now = performance.now();
    const first = events.length === 0;
    const runDeadline = sentAt + timing.runWithinMs;
    const gapDeadline = first
      ? sentAt + timing.eventWithinMs
      : sentAt + events[events.length - 1].atMs + timing.maxGapMs;
    const limit = Math.min(runDeadline, gapDeadline) - now;
    const stage: Stage = first ? 'first_event' : 'completion';
    const what = first
      ? `the first event of the ${sent.trigger} run`
      : `the end of run ${runId} (${p.events.completed})`;
    let frame: ReceivedFrame;
    try {
      const awaitOpts = {
        timeoutMs: limit,
        stage,
        what,
        after: cursor,
        since: sentAt,
        ...(opts.signal ? { signal: opts.signal } : {}),
      };
      frame = await session.awaitFrame(belongs, awaitOpts);
    } catch (err) {
      throw explain(err, {
        first,
        runId,
        events,
        timing,
        runRuleFired: runDeadline <= gapDeadline,
        startless,
        startedName: p.events.started,
      });
    }
    cursor = frame.seq;
    const msg = frame.msg ?? {};
    const atMs = frame.atMs - sentAt;
    if (isErrorFrame(frame, p)) {
      return finishRun(p.events.started, sent, runId ?? '', events, 'error_frame', atMs, msg);
    }
    if (runId === undefined) {
      runId = stringField(msg, 'run_id') ?? '';
      opts.onBound?.(runId);
      // events of this run that came before its start belong to it: the order check must see them
      for (const early of startless.get(runId) ?? []) {
        events.push({ type: early.type ?? '', atMs: early.atMs - sentAt, frame: early.msg ?? {} });
      }
      const firstAt = events[0]?.atMs ?? atMs;
      if (sent.trigger === 'user_message')
        session.measure({ kind: 'first_run_frame', ms: firstAt });
    }
    const type = frame.type ?? '';
    events.push({ type, atMs, frame: msg });
    if (
      type === p.events.started &&
      sent.trigger === 'start_agent' &&
      !events.slice(0, -1).some((e) => e.type === type)
    ) {
      session.measure({ kind: 'agent_started', ms: atMs });
    }
    if (type === p.events.completed)
      return finishRun(p.events.started, sent, runId, events, 'completed', atMs);
    if (type === p.events.error)
      return finishRun(p.events.started, sent, runId, events, 'agent_error', atMs);
  }
}

function finishRun(
  startedType: string,
  sent: SentRun,
  runId: string,
  events: RunFrame[],
  outcome: AgentRun['outcome'],
  atMs: number,
  errorFrame?: Frame,
): AgentRun {
  const run: AgentRun = {
    trigger: sent.trigger,
    runId,
    events,
    outcome,
    firstFrameMs: events[0]?.atMs ?? atMs,
    durationMs: atMs,
  };
  const started = events.find((e) => e.type === startedType);
  if (started) run.startedMs = started.atMs;
  if (errorFrame) run.errorFrame = errorFrame;
  return run;
}

/** Adds the run's story (which events came, which rule ran out) to a failure. */
function explain(
  err: unknown,
  ctx: {
    first: boolean;
    runId: string | undefined;
    events: RunFrame[];
    timing: ProtocolConfig['timing'];
    /** the whole-run budget ran out before the first-event or gap rule */
    runRuleFired: boolean;
    startless: Map<string, ReceivedFrame[]>;
    startedName: string;
  },
): unknown {
  if (!(err instanceof GateError)) return err;
  const [orphan] = ctx.startless;
  if (ctx.first && err.facts.kind === 'timeout' && orphan) {
    // Events of a run began to arrive after the request, but its start never did.
    return new GateError(
      `WebSocket: ${ctx.startedName} never came for this request; run ${orphan[0]} streamed ${orphan[1].map((f) => f.type).join(', ')} without it`,
      err.facts,
      'missing_event',
      err.evidence,
    );
  }
  const story = `run ${ctx.runId ?? '(unbound)'}: ${describeEvents(ctx.events)}`;
  if (err.facts.kind !== 'timeout') {
    return new GateError(`${err.message}; ${story}`, err.facts, err.category, err.evidence);
  }
  const t = ctx.timing;
  const rule = ctx.runRuleFired
    ? `the run did not end within ${t.runWithinMs} ms of the request`
    : ctx.first
      ? `no event within ${t.eventWithinMs} ms of the request`
      : `no event for ${t.maxGapMs} ms after the last one`;
  return new GateError(
    `WebSocket: ${rule} (stage ${err.facts.stage}); ${story}`,
    err.facts,
    err.category,
    err.evidence,
  );
}

/** Sends and collects in one step. */
export async function runAgent(
  session: WsSession,
  request:
    | { trigger: 'start_agent'; userRequest: string; agent?: string; threadId?: string }
    | { trigger: 'user_message'; content: string; threadId?: string },
  opts: CollectOptions = {},
): Promise<AgentRun> {
  const sent =
    request.trigger === 'start_agent'
      ? startAgent(session, request)
      : sendUserMessage(session, request);
  return collectRun(session, sent, opts);
}
