/**
 * The AG-UI adapter: a run is `POST agent-url` with a fresh RunAgentInput and a bearer
 * token, answered as `text/event-stream` of AG-UI events, read through the shared SSE
 * transport and mapped to AgentEvents. Collection stops at the end of the body, at a
 * failure, at a timeout, or a short grace after the terminal event (so that events sent
 * after RUN_FINISHED are seen, and a stream left open is told from one that ended).
 */
import { randomUUID } from 'node:crypto';
import type { EvidenceLog, FailureFacts } from '../../model.js';
import { GateError } from '../../model.js';
import { openStream, type StreamResponse } from '../../transport/sse.js';
import type { AgentAdapter, AuthProbe, Capability, RunRequest } from '../adapter.js';
import type { AgentEvent, AgentRun, RunEnd } from '../model.js';
import { createEventMapper } from './events.js';
import { readFrame, runAgentInput } from './wire.js';

export const AG_UI_CAPABILITIES: ReadonlySet<Capability> = new Set([
  'runs',
  'streaming',
  'run-ids',
  'auth',
]);

/** After the terminal event, how long the stream may take to end before it counts as left open. */
export const END_GRACE_MS = 300;
/** What an auth probe asks: it is read only up to its first event. */
const AUTH_PROMPT = 'staging-gate: auth check';
/** How much of an error body goes into a failure message. */
const BODY_CHARS = 200;

export interface AgUiAdapterOptions {
  agentUrl: string;
  /** masked in evidence and messages */
  secrets?: readonly string[];
  /** the whole run within this (suite-config timing.runWithinMs) */
  runWithinMs?: number;
  graceMs?: number;
  /** fresh ids; injectable for deterministic tests */
  newId?: () => string;
}

/** What a POST of any body brought: the run, and the body of an answer that was not a stream. */
export interface AgUiExchange {
  run: AgentRun;
  body?: string;
}

export interface AgUiAdapter extends AgentAdapter {
  /** POSTs `body` as it is (the errors checks send malformed RunAgentInputs) and collects the answer like a run */
  send(body: unknown, req: Omit<RunRequest, 'prompt'>): Promise<AgUiExchange>;
}

export function createAgUiAdapter(opts: AgUiAdapterOptions): AgUiAdapter {
  const newId = opts.newId ?? randomUUID;
  const graceMs = opts.graceMs ?? END_GRACE_MS;
  const path = new URL(opts.agentUrl).pathname;

  const open = (
    token: string | undefined,
    body: unknown,
    o: { signal: AbortSignal; evidence: EvidenceLog; timeoutMs: number; label?: string },
  ): Promise<StreamResponse> =>
    openStream({
      url: opts.agentUrl,
      method: 'POST',
      ...(token !== undefined ? { token } : {}),
      body,
      headers: { accept: 'text/event-stream' },
      timeoutMs: o.timeoutMs,
      signal: o.signal,
      evidence: o.evidence,
      secrets: opts.secrets ?? [],
      ...(o.label ? { label: o.label } : {}),
    });

  const exchange = async (
    body: unknown,
    requested: AgentRun['requested'],
    req: Omit<RunRequest, 'prompt'>,
  ): Promise<AgUiExchange> => {
    const run: AgentRun = {
      protocol: 'ag-ui',
      requested,
      events: [],
      end: { kind: 'timeout', atMs: 0, stage: 'connect' },
    };
    let stream: StreamResponse;
    try {
      stream = await open(req.token, body, req);
    } catch (err) {
      run.end = failedEnd(err, 0);
      return { run };
    }
    run.status = stream.status;
    run.contentType = stream.contentType;
    try {
      const refused = await refusal(stream, path, req.timeoutMs);
      if (refused) {
        run.end = refused.end;
        return { run, body: refused.body };
      }
      run.end = await collect(stream, run.events, {
        path,
        eventMs: req.timeoutMs,
        runMs: opts.runWithinMs ?? Infinity,
        graceMs,
      });
      return { run };
    } finally {
      stream.close();
    }
  };

  return {
    protocol: 'ag-ui',
    capabilities: AG_UI_CAPABILITIES,

    async run(req: RunRequest): Promise<AgentRun> {
      const requested = { threadId: `gate-thread-${newId()}`, runId: `gate-run-${newId()}` };
      const input = runAgentInput({ ...requested, messageId: newId(), prompt: req.prompt });
      return (await exchange(input, requested, req)).run;
    },

    send: (body, req) => exchange(body, {}, req),

    async probeAuth(token, o): Promise<AuthProbe> {
      const ids = { threadId: `gate-thread-${newId()}`, runId: `gate-run-${newId()}` };
      let stream: StreamResponse;
      try {
        const input = runAgentInput({ ...ids, messageId: newId(), prompt: AUTH_PROMPT });
        stream = await open(token, input, { ...o, label: 'auth probe' });
      } catch (err) {
        if (err instanceof GateError) throw err;
        throw new GateError(`POST ${path}: ${String(err)}`);
      }
      try {
        const head = `POST ${path} → ${stream.status} ${stream.contentType || '(no content type)'}`;
        if (stream.status < 200 || stream.status >= 300) {
          return { accepted: false, httpStatus: stream.status, detail: head };
        }
        // let through: name what came, so the failure message shows the stream was real
        const first = stream.isEventStream ? await stream.next(o.timeoutMs) : undefined;
        let what = '';
        if (first?.type === 'event') {
          const reading = readFrame(first.event.data, first.event.event);
          what = `, ${reading.ok ? reading.frame.type : 'an event'} came`;
        }
        return { accepted: true, httpStatus: stream.status, detail: `${head}${what}` };
      } finally {
        stream.close();
      }
    },
  };
}

function failedEnd(err: unknown, atMs: number): RunEnd {
  if (err instanceof GateError) {
    return {
      kind: 'failed',
      atMs: err.facts.elapsedMs ?? atMs,
      facts: err.facts,
      message: err.message,
    };
  }
  return {
    kind: 'failed',
    atMs,
    facts: {},
    message: err instanceof Error ? err.message : String(err),
  };
}

/** A non-2xx answer, or a 2xx that is not an event stream: how the run ended, with the body's start. */
async function refusal(
  stream: StreamResponse,
  path: string,
  timeoutMs: number,
): Promise<{ end: RunEnd; body: string } | undefined> {
  const ok = stream.status >= 200 && stream.status < 300;
  if (ok && stream.isEventStream) return undefined;
  let body = '';
  try {
    body = (await stream.text(timeoutMs)).trim();
  } catch {
    // the status is the finding; a body that never came adds nothing
  }
  const shown = body.length > BODY_CHARS ? `${body.slice(0, BODY_CHARS - 1)}…` : body;
  const head = `POST ${path} → ${stream.status} ${stream.contentType || '(no content type)'}`;
  const atMs = stream.elapsed();
  if (!ok) {
    const facts: FailureFacts = { kind: 'status', httpStatus: stream.status, elapsedMs: atMs };
    return {
      end: { kind: 'failed', atMs, facts, message: `${head}${shown ? `: ${shown}` : ''}` },
      body,
    };
  }
  return {
    end: {
      kind: 'failed',
      atMs,
      facts: { kind: 'protocol', httpStatus: stream.status, stage: 'response', elapsedMs: atMs },
      message: `${head}: an AG-UI run must answer text/event-stream${shown ? ` (body: ${shown})` : ''}`,
    },
    body,
  };
}

async function collect(
  stream: StreamResponse,
  events: AgentEvent[],
  o: { path: string; eventMs: number; runMs: number; graceMs: number },
): Promise<RunEnd> {
  const mapper = createEventMapper();
  let terminalAt: number | undefined;
  for (;;) {
    const now = stream.elapsed();
    const wait =
      terminalAt !== undefined ? terminalAt + o.graceMs - now : Math.min(o.eventMs, o.runMs - now);
    if (wait <= 0) return overtime(terminalAt, events, now, o.runMs);
    const item = await stream.next(wait);
    if (item.type === 'end') return { kind: 'closed', atMs: item.atMs };
    if (item.type === 'timeout') return overtime(terminalAt, events, item.atMs, o.runMs);
    if (item.type === 'error') {
      return {
        kind: 'failed',
        atMs: item.atMs,
        facts: item.error.facts,
        message: item.error.message,
      };
    }
    const reading = readFrame(item.event.data, item.event.event);
    const mapped = reading.ok ? mapper.map(reading.frame, item.event.atMs) : reading;
    if (!mapped.ok) {
      return {
        kind: 'failed',
        atMs: item.event.atMs,
        facts: { kind: 'protocol', stage: 'completion', elapsedMs: item.event.atMs },
        message: `POST ${o.path}: a malformed AG-UI event at +${Math.round(item.event.atMs)} ms: ${mapped.problem}`,
      };
    }
    for (const e of mapped.events) {
      events.push(e);
      if (terminalAt === undefined && (e.kind === 'run_finished' || e.kind === 'run_error'))
        terminalAt = e.atMs;
    }
  }
}

function overtime(
  terminalAt: number | undefined,
  events: AgentEvent[],
  atMs: number,
  runMs: number,
): RunEnd {
  if (terminalAt !== undefined) return { kind: 'left-open', atMs };
  const stage = events.length === 0 ? 'first_event' : 'completion';
  return { kind: 'timeout', atMs: Math.min(atMs, runMs), stage };
}
