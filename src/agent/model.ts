/**
 * The normalized agent run that every protocol's adapter produces and every protocol-neutral
 * test reads (model: dorny/test-reporter's `TestRunResult`). A test body reads kinds, ids and
 * times, never a wire field; each event keeps its wire frame so the report can show exactly
 * what came.
 */
import type { FailureFacts, ProtocolId } from '../model.js';

export const AGENT_EVENT_KINDS = [
  'run_started',
  'step',
  'text',
  'tool_start',
  'tool_args',
  'tool_end',
  'tool_result',
  'run_finished',
  'run_error',
  'other',
] as const;
export type AgentEventKind = (typeof AGENT_EVENT_KINDS)[number];

/** The ids an event carries; which are present depends on the protocol and the kind. */
export interface AgentEventIds {
  runId?: string;
  threadId?: string;
  messageId?: string;
  toolCallId?: string;
  /** a step's name (AG-UI STEP_*), or a task's state (A2A) */
  stepName?: string;
  taskId?: string;
  contextId?: string;
}

export interface AgentEvent {
  kind: AgentEventKind;
  /** ms from the run's request being sent to this event being received */
  atMs: number;
  /** the protocol's own name: AG-UI `TEXT_MESSAGE_CONTENT`, A2A `status-update:working`, agent-ws `tool_executing` */
  wireType: string;
  /**
   * For the begin/end kinds, which phase: `start` or `end` (AG-UI TEXT_MESSAGE_START/END,
   * STEP_STARTED/FINISHED, REASONING_*); absent for a one-off event.
   */
  phase?: 'start' | 'end';
  /**
   * What is balanced for `phase` events: `message`, `step`, `reasoning` (a span of reasoning),
   * `reasoning_message` (a reasoning message inside one: AG-UI lets one id name both), `tool`.
   * On an event without `phase` (a text delta, tool args), the span it must fall inside.
   */
  span?: 'message' | 'step' | 'reasoning' | 'reasoning_message' | 'tool';
  ids: AgentEventIds;
  /** a text delta, a tool-args delta, a tool result's content, an error's message */
  text?: string;
  /** the tool's name on tool_start */
  toolName?: string;
  /** the parsed wire frame, kept as evidence (redacted before it reaches a report) */
  wire: unknown;
}

/** How the run's channel ended after (or instead of) its events. */
export type RunEnd =
  /** the stream's body ended, or the socket closed normally */
  | { kind: 'closed'; atMs: number }
  /** we stopped reading: the terminal event came and the channel stayed open past the grace */
  | { kind: 'left-open'; atMs: number }
  /** nothing more came in time */
  | { kind: 'timeout'; atMs: number; stage: string }
  /** the channel failed: reset, abnormal close, HTTP error, malformed frame */
  | { kind: 'failed'; atMs: number; facts: FailureFacts; message: string };

export interface AgentRun {
  protocol: ProtocolId;
  /** the ids the gate asked for (AG-UI threadId/runId); adapters that get ids from the service leave them out */
  requested: { runId?: string; threadId?: string };
  /** HTTP status and content type of the answer that carried the stream, when there was one */
  status?: number;
  contentType?: string;
  events: AgentEvent[];
  end: RunEnd;
}

/** Events of one kind (and phase, when given). */
export function eventsOf(
  run: AgentRun,
  kind: AgentEventKind,
  phase?: 'start' | 'end',
): AgentEvent[] {
  return run.events.filter((e) => e.kind === kind && (phase === undefined || e.phase === phase));
}

/** The first text delta: what a user sees first. */
export function firstText(run: AgentRun): AgentEvent | undefined {
  return run.events.find((e) => e.kind === 'text' && e.text !== undefined && e.text !== '');
}

/** The terminal event, if the run reached one. */
export function terminalOf(run: AgentRun): AgentEvent | undefined {
  return run.events.find((e) => e.kind === 'run_finished' || e.kind === 'run_error');
}
