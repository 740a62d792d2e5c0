/**
 * AG-UI 1.0 on the wire: the event type names, the fields each event must carry, and one SSE
 * event's `data` read as an AG-UI event. The runtime never imports `@ag-ui/core` (its zod
 * schemas would weigh on the bundle); the names here are checked against its `EventType` in
 * the tests, and only types are imported from it.
 */
import type { RunAgentInput } from '@ag-ui/core';

/** The event types of AG-UI 1.0, and the pre-1.0 THINKING_* ones some services still send. */
export const AG_UI_EVENT_TYPES = [
  'TEXT_MESSAGE_START',
  'TEXT_MESSAGE_CONTENT',
  'TEXT_MESSAGE_END',
  'TEXT_MESSAGE_CHUNK',
  'TOOL_CALL_START',
  'TOOL_CALL_ARGS',
  'TOOL_CALL_END',
  'TOOL_CALL_CHUNK',
  'TOOL_CALL_RESULT',
  'STATE_SNAPSHOT',
  'STATE_DELTA',
  'MESSAGES_SNAPSHOT',
  'ACTIVITY_SNAPSHOT',
  'ACTIVITY_DELTA',
  'RAW',
  'CUSTOM',
  'RUN_STARTED',
  'RUN_FINISHED',
  'RUN_ERROR',
  'STEP_STARTED',
  'STEP_FINISHED',
  'REASONING_START',
  'REASONING_MESSAGE_START',
  'REASONING_MESSAGE_CONTENT',
  'REASONING_MESSAGE_END',
  'REASONING_MESSAGE_CHUNK',
  'REASONING_END',
  'REASONING_ENCRYPTED_VALUE',
  'SUBAGENT_STARTED',
  'SUBAGENT_FINISHED',
  'SUBAGENT_ERROR',
] as const;
export type AgUiEventType = (typeof AG_UI_EVENT_TYPES)[number];

/** An AG-UI event as it came: a JSON object with a string `type`. */
export type AgUiFrame = Record<string, unknown> & { type: string };

/**
 * The string fields each event must carry (AG-UI 1.0 schemas). An event without one cannot
 * be tied to its message, call, step or run, so it is a malformed frame, not a tolerable one.
 */
const REQUIRED: Partial<Record<string, readonly string[]>> = {
  RUN_STARTED: ['threadId', 'runId'],
  RUN_FINISHED: ['threadId', 'runId'],
  RUN_ERROR: ['message'],
  STEP_STARTED: ['stepName'],
  STEP_FINISHED: ['stepName'],
  TEXT_MESSAGE_START: ['messageId'],
  TEXT_MESSAGE_CONTENT: ['messageId', 'delta'],
  TEXT_MESSAGE_END: ['messageId'],
  TOOL_CALL_START: ['toolCallId', 'toolCallName'],
  TOOL_CALL_ARGS: ['toolCallId', 'delta'],
  TOOL_CALL_END: ['toolCallId'],
  TOOL_CALL_RESULT: ['messageId', 'toolCallId'],
  REASONING_START: ['messageId'],
  REASONING_MESSAGE_START: ['messageId'],
  REASONING_MESSAGE_CONTENT: ['messageId', 'delta'],
  REASONING_MESSAGE_END: ['messageId'],
  REASONING_END: ['messageId'],
};

export type FrameReading = { ok: true; frame: AgUiFrame } | { ok: false; problem: string };

/**
 * One SSE event's `data` as an AG-UI event. The type comes from the JSON (`type`); the SSE
 * `event:` name is used only when the JSON has none, as some servers name events that way.
 */
export function readFrame(data: string, sseEvent?: string): FrameReading {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { ok: false, problem: `data is not JSON: ${clip(data)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: `data is not a JSON object: ${clip(data)}` };
  }
  const frame = value as Record<string, unknown>;
  const type = typeof frame.type === 'string' ? frame.type : sseEvent;
  if (type === undefined || type === '') {
    return { ok: false, problem: `event without a "type": ${clip(data)}` };
  }
  for (const field of REQUIRED[type] ?? []) {
    if (typeof frame[field] !== 'string') {
      return { ok: false, problem: `${type} without a string "${field}": ${clip(data)}` };
    }
  }
  return { ok: true, frame: { ...frame, type } };
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** The RunAgentInput of one run: a fresh thread and run, the prompt as the only message. */
export function runAgentInput(ids: {
  threadId: string;
  runId: string;
  messageId: string;
  prompt: string;
}): RunAgentInput {
  return {
    threadId: ids.threadId,
    runId: ids.runId,
    messages: [{ id: ids.messageId, role: 'user', content: ids.prompt }],
    tools: [],
    context: [],
    state: {},
    forwardedProps: {},
  };
}
