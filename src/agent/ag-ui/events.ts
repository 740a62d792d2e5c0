/**
 * AG-UI events → AgentEvents. Each wire event becomes one normalized event (its kind, the
 * span it opens, closes or belongs in, its ids and text), except the `*_CHUNK` shorthands,
 * which are expanded the way the AG-UI spec (and `@ag-ui/client`'s transformChunks) expands
 * them: a chunk opens its message or call when none of that id is open in its lane (closing
 * the lane's other chunk stream first), appends its delta, and stays open until another
 * event closes it — any non-chunk event of its lane, or a run event, which closes every lane.
 * Unknown event types are tolerated as `other`.
 */
import type { AgentEvent, AgentEventIds } from '../model.js';
import type { AgUiFrame } from './wire.js';

type ChunkKind = 'text' | 'tool' | 'reasoning';

interface OpenChunk {
  kind: ChunkKind;
  /** messageId or toolCallId */
  id: string;
  toolName?: string;
}

/**
 * Events that close their lane's chunk stream (the spec's list); the others (RAW, ACTIVITY_*,
 * REASONING_ENCRYPTED_VALUE, SUBAGENT_STARTED, unknown types) pass through and leave it open.
 */
const LANE_CLOSING = new Set([
  'TEXT_MESSAGE_START',
  'TEXT_MESSAGE_CONTENT',
  'TEXT_MESSAGE_END',
  'TOOL_CALL_START',
  'TOOL_CALL_ARGS',
  'TOOL_CALL_END',
  'TOOL_CALL_RESULT',
  'STATE_SNAPSHOT',
  'STATE_DELTA',
  'CUSTOM',
  'STEP_STARTED',
  'STEP_FINISHED',
  'REASONING_START',
  'REASONING_MESSAGE_START',
  'REASONING_MESSAGE_CONTENT',
  'REASONING_MESSAGE_END',
  'REASONING_END',
  'SUBAGENT_FINISHED',
  'SUBAGENT_ERROR',
]);
/** Events that close every lane's chunk stream. */
const RUN_SCOPED = new Set(['RUN_STARTED', 'RUN_FINISHED', 'RUN_ERROR', 'MESSAGES_SNAPSHOT']);
const CHUNKS: Partial<Record<string, ChunkKind>> = {
  TEXT_MESSAGE_CHUNK: 'text',
  TOOL_CALL_CHUNK: 'tool',
  REASONING_MESSAGE_CHUNK: 'reasoning',
};

export type MapResult = { ok: true; events: AgentEvent[] } | { ok: false; problem: string };

export interface EventMapper {
  /** the normalized events one wire event stands for */
  map(frame: AgUiFrame, atMs: number): MapResult;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The text of a tool result: plain, or the text parts of a part list. */
function resultText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (typeof p === 'object' && p !== null ? str((p as { text?: unknown }).text) : ''))
      .join('');
  }
  return undefined;
}

/** One wire event (not a chunk) as its normalized event. */
export function mapEvent(frame: AgUiFrame, atMs: number): AgentEvent {
  const base = (kind: AgentEvent['kind'], ids: AgentEventIds = {}): AgentEvent => ({
    kind,
    atMs,
    wireType: frame.type,
    ids,
    wire: frame,
  });
  const messageId = str(frame.messageId);
  const toolCallId = str(frame.toolCallId);
  const span = (
    e: AgentEvent,
    s: NonNullable<AgentEvent['span']>,
    phase?: 'start' | 'end',
  ): AgentEvent => {
    e.span = s;
    if (phase) e.phase = phase;
    return e;
  };
  const withText = (e: AgentEvent, text: string | undefined): AgentEvent => {
    if (text !== undefined) e.text = text;
    return e;
  };
  switch (frame.type) {
    case 'RUN_STARTED':
      return base('run_started', runIds(frame));
    case 'RUN_FINISHED':
      return base('run_finished', runIds(frame));
    case 'RUN_ERROR': {
      const code = str(frame.code);
      const message = str(frame.message) ?? '';
      return withText(base('run_error', runIds(frame)), code ? `${code}: ${message}` : message);
    }
    case 'STEP_STARTED':
    case 'STEP_FINISHED':
      return span(
        base('step', { stepName: str(frame.stepName) ?? '' }),
        'step',
        frame.type === 'STEP_STARTED' ? 'start' : 'end',
      );
    case 'TEXT_MESSAGE_START':
      return span(base('text', { messageId }), 'message', 'start');
    case 'TEXT_MESSAGE_CONTENT':
      return withText(span(base('text', { messageId }), 'message'), str(frame.delta));
    case 'TEXT_MESSAGE_END':
      return span(base('text', { messageId }), 'message', 'end');
    case 'TOOL_CALL_START': {
      const e = span(base('tool_start', { toolCallId }), 'tool', 'start');
      const name = str(frame.toolCallName);
      if (name !== undefined) e.toolName = name;
      if (str(frame.parentMessageId)) e.ids.messageId = str(frame.parentMessageId);
      return e;
    }
    case 'TOOL_CALL_ARGS':
      return withText(span(base('tool_args', { toolCallId }), 'tool'), str(frame.delta));
    case 'TOOL_CALL_END':
      return span(base('tool_end', { toolCallId }), 'tool', 'end');
    case 'TOOL_CALL_RESULT':
      return withText(base('tool_result', { toolCallId, messageId }), resultText(frame.content));
    case 'REASONING_START':
    case 'REASONING_END':
      return span(
        base('other', { messageId }),
        'reasoning',
        frame.type === 'REASONING_START' ? 'start' : 'end',
      );
    case 'REASONING_MESSAGE_START':
    case 'REASONING_MESSAGE_END':
      return span(
        base('other', { messageId }),
        'reasoning_message',
        frame.type === 'REASONING_MESSAGE_START' ? 'start' : 'end',
      );
    case 'REASONING_MESSAGE_CONTENT':
      return withText(span(base('other', { messageId }), 'reasoning_message'), str(frame.delta));
    // AG-UI before 1.0 (still sent by some frameworks): one reasoning span without ids
    case 'THINKING_START':
    case 'THINKING_END':
      return span(
        base('other', { messageId: messageId ?? '(thinking)' }),
        'reasoning',
        frame.type === 'THINKING_START' ? 'start' : 'end',
      );
    case 'THINKING_TEXT_MESSAGE_START':
    case 'THINKING_TEXT_MESSAGE_END':
      return span(
        base('other', { messageId: messageId ?? '(thinking)' }),
        'reasoning_message',
        frame.type === 'THINKING_TEXT_MESSAGE_START' ? 'start' : 'end',
      );
    case 'THINKING_TEXT_MESSAGE_CONTENT':
      return withText(
        span(base('other', { messageId: messageId ?? '(thinking)' }), 'reasoning_message'),
        str(frame.delta),
      );
    default:
      return base('other', runIds(frame));
  }
}

function runIds(frame: AgUiFrame): AgentEventIds {
  const ids: AgentEventIds = {};
  const runId = str(frame.runId);
  const threadId = str(frame.threadId);
  if (runId !== undefined) ids.runId = runId;
  if (threadId !== undefined) ids.threadId = threadId;
  return ids;
}

const SYNTH: Record<ChunkKind, { start: string; content: string; end: string }> = {
  text: { start: 'TEXT_MESSAGE_START', content: 'TEXT_MESSAGE_CONTENT', end: 'TEXT_MESSAGE_END' },
  tool: { start: 'TOOL_CALL_START', content: 'TOOL_CALL_ARGS', end: 'TOOL_CALL_END' },
  reasoning: {
    start: 'REASONING_MESSAGE_START',
    content: 'REASONING_MESSAGE_CONTENT',
    end: 'REASONING_MESSAGE_END',
  },
};

/** A mapper that keeps the chunk streams open across the events of one run. */
export function createEventMapper(): EventMapper {
  // lane (subagentRunId, '' = the agent itself) → its open chunk stream
  const lanes = new Map<string, OpenChunk>();

  const synth = (
    source: AgUiFrame,
    type: string,
    chunk: OpenChunk,
    atMs: number,
    delta?: string,
  ): AgentEvent => {
    const idField = chunk.kind === 'tool' ? 'toolCallId' : 'messageId';
    const frame: AgUiFrame = { type, [idField]: chunk.id };
    if (type === 'TOOL_CALL_START' && chunk.toolName !== undefined)
      frame.toolCallName = chunk.toolName;
    if (delta !== undefined) frame.delta = delta;
    const e = mapEvent(frame, atMs);
    // the report shows what came: the chunk, named as what it stands for
    e.wireType = `${type} (from ${source.type})`;
    e.wire = source;
    return e;
  };
  const close = (lane: string, source: AgUiFrame, atMs: number): AgentEvent[] => {
    const open = lanes.get(lane);
    if (!open) return [];
    lanes.delete(lane);
    return [synth(source, SYNTH[open.kind].end, open, atMs)];
  };
  const closeAll = (source: AgUiFrame, atMs: number): AgentEvent[] =>
    [...lanes.keys()].flatMap((lane) => close(lane, source, atMs));

  const laneOf = (kind: ChunkKind, id: string | undefined, tag: string | undefined): string => {
    if (id !== undefined) {
      for (const [lane, open] of lanes) if (open.kind === kind && open.id === id) return lane;
    }
    if (tag !== undefined) return tag;
    if (id === undefined) {
      if (lanes.get('')?.kind === kind) return '';
      const same = [...lanes].filter(([, open]) => open.kind === kind);
      if (same.length === 1) return same[0][0];
    }
    return '';
  };

  const expand = (frame: AgUiFrame, kind: ChunkKind, atMs: number): MapResult => {
    const idField = kind === 'tool' ? 'toolCallId' : 'messageId';
    const id = str(frame[idField]);
    const lane = laneOf(kind, id, str(frame.subagentRunId));
    const open = lanes.get(lane);
    const events: AgentEvent[] = [];
    let current: OpenChunk;
    if (open && open.kind === kind && (id === undefined || id === open.id)) {
      const name = str(frame.toolCallName);
      if (kind === 'tool' && name !== undefined && name !== open.toolName) {
        return {
          ok: false,
          problem: `${frame.type} names tool ${name} while continuing call ${open.id} of ${open.toolName ?? '(none)'}`,
        };
      }
      current = open;
    } else {
      events.push(...close(lane, frame, atMs));
      if (id === undefined) {
        return { ok: false, problem: `the first ${frame.type} of a stream has no "${idField}"` };
      }
      current = { kind, id };
      if (kind === 'tool') {
        const name = str(frame.toolCallName);
        if (name === undefined) {
          return { ok: false, problem: `the first ${frame.type} of a call has no "toolCallName"` };
        }
        current.toolName = name;
      }
      lanes.set(lane, current);
      events.push(synth(frame, SYNTH[kind].start, current, atMs));
    }
    const delta = str(frame.delta);
    if (delta !== undefined) events.push(synth(frame, SYNTH[kind].content, current, atMs, delta));
    return { ok: true, events };
  };

  return {
    map(frame, atMs) {
      const chunk = CHUNKS[frame.type];
      if (chunk) return expand(frame, chunk, atMs);
      const closed = RUN_SCOPED.has(frame.type)
        ? closeAll(frame, atMs)
        : LANE_CLOSING.has(frame.type)
          ? close(str(frame.subagentRunId) ?? '', frame, atMs)
          : [];
      return { ok: true, events: [...closed, mapEvent(frame, atMs)] };
    },
  };
}
