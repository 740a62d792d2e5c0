/**
 * AG-UI's own rules beside the shared run order (agent/run-order.ts), pure over the
 * normalized events: the arguments a tool call streams (TOOL_CALL_ARGS, in order) join to
 * one JSON document, as the spec says they conventionally do and every client parses them.
 */
import type { AgentEvent, AgentRun } from '../model.js';
import type { RunViolation } from '../run-order.js';

export interface ToolCall {
  id: string;
  name?: string;
  start: AgentEvent;
  /** the joined TOOL_CALL_ARGS deltas */
  args: string;
  ended: boolean;
  result?: AgentEvent;
}

/** The tool calls of a run, in the order they started, with their joined arguments. */
export function toolCallsOf(run: AgentRun): ToolCall[] {
  const calls = new Map<string, ToolCall>();
  for (const e of run.events) {
    const id = e.ids.toolCallId;
    if (id === undefined) continue;
    if (e.kind === 'tool_start' && !calls.has(id)) {
      const call: ToolCall = { id, start: e, args: '', ended: false };
      if (e.toolName !== undefined) call.name = e.toolName;
      calls.set(id, call);
    }
    const call = calls.get(id);
    if (!call) continue;
    if (e.kind === 'tool_args') call.args += e.text ?? '';
    if (e.kind === 'tool_end') call.ended = true;
    if (e.kind === 'tool_result') call.result ??= e;
  }
  return [...calls.values()];
}

/** Every tool call's arguments parse as JSON (an empty argument string is no arguments: `{}`). */
export function checkToolArgs(run: AgentRun): RunViolation | undefined {
  for (const call of toolCallsOf(run)) {
    if (call.args.trim() === '') continue;
    try {
      JSON.parse(call.args);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      const shown = call.args.length > 120 ? `${call.args.slice(0, 119)}…` : call.args;
      return {
        category: 'protocol_violation',
        message: `the arguments of tool call ${call.id}${call.name ? ` (${call.name})` : ''} do not join to JSON: ${shown} (${why})`,
        event: call.start,
      };
    }
  }
  return undefined;
}
