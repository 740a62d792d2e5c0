/**
 * The run-order rules every streaming protocol shares, as pure functions over event kinds
 * (never wire names): a run starts, its spans (messages, steps, reasoning, tool calls) are
 * balanced, it ends with exactly one terminal event, nothing follows it, and the channel
 * ends there. A protocol's own rules (A2A state transitions) sit beside its adapter.
 *
 * Stricter than the AG-UI client's own verification on one point, on purpose: a stream that
 * ends without a terminal event is a truncated run (`missing_event`), where the client
 * resolves it as a success.
 */
import type { FailureCategory } from '../model.js';
import type { AgentEvent, AgentRun } from './model.js';

export interface RunViolation {
  category: Extract<
    FailureCategory,
    'missing_event' | 'agent_error' | 'protocol_violation' | 'isolation_breach'
  >;
  message: string;
  /** the event at fault, if one is */
  event?: AgentEvent;
}

const TERMINAL = new Set(['run_finished', 'run_error']);

function describe(e: AgentEvent): string {
  return `${e.wireType} at +${Math.round(e.atMs)} ms`;
}

function endWords(run: AgentRun): string {
  switch (run.end.kind) {
    case 'closed':
      return `the stream ended at +${Math.round(run.end.atMs)} ms`;
    case 'left-open':
      return 'the stream stayed open';
    case 'timeout':
      return `nothing more came (timeout at stage ${run.end.stage}, +${Math.round(run.end.atMs)} ms)`;
    case 'failed':
      return `the channel failed at +${Math.round(run.end.atMs)} ms: ${run.end.message}`;
  }
}

/** The run began with a run start and reached a terminal event that is a success. */
export function checkStartAndEnd(run: AgentRun): RunViolation | undefined {
  const first = run.events[0];
  if (!first) {
    return { category: 'missing_event', message: `no event came: ${endWords(run)}` };
  }
  if (first.kind === 'run_error') {
    // an agent that fails before it starts (a missing provider key) ends with its error
    return {
      category: 'agent_error',
      message: `the agent refused the run before starting it: ${first.wireType}${first.text ? ` "${first.text}"` : ''}`,
      event: first,
    };
  }
  if (first.kind !== 'run_started') {
    return {
      category: 'missing_event',
      message: `the first event was ${describe(first)}, not the run start`,
      event: first,
    };
  }
  const terminal = run.events.findIndex((e) => TERMINAL.has(e.kind));
  const again = run.events
    .slice(1, terminal < 0 ? undefined : terminal)
    .find((e) => e.kind === 'run_started');
  if (again) {
    return {
      category: 'protocol_violation',
      message: `${describe(again)} starts a run again while ${describe(first)} is still running`,
      event: again,
    };
  }
  if (terminal < 0) {
    const last = run.events[run.events.length - 1];
    return {
      category: 'missing_event',
      message: `the run never finished (truncated): ${run.events.length} events, the last ${describe(last)}, then ${endWords(run)}`,
    };
  }
  const end = run.events[terminal];
  if (end.kind === 'run_error') {
    return {
      category: 'agent_error',
      message: `the agent ended the run with an error: ${end.wireType}${end.text ? ` "${end.text}"` : ''}`,
      event: end,
    };
  }
  return undefined;
}

/** Nothing after the terminal event, and the channel ended after it. */
export function checkNothingAfterEnd(run: AgentRun): RunViolation | undefined {
  const terminal = run.events.findIndex((e) => TERMINAL.has(e.kind));
  if (terminal < 0) return undefined;
  const after = run.events[terminal + 1];
  if (after) {
    return {
      category: 'protocol_violation',
      message: `${describe(after)} came after the terminal ${describe(run.events[terminal])}`,
      event: after,
    };
  }
  if (run.end.kind !== 'closed') {
    return {
      category: 'protocol_violation',
      message: `the stream did not end after the terminal ${describe(run.events[terminal])}: ${endWords(run)}`,
    };
  }
  return undefined;
}

/**
 * Every span opened is closed before the run finishes, none is closed that was not open, an
 * event that belongs inside a span (a text delta, tool args) comes while that span is open,
 * and every tool result refers to a tool call that started. A run that ends in an error may
 * leave spans open: the error cut them, and the error is what is reported.
 */
export function checkBalance(run: AgentRun): RunViolation | undefined {
  const open = new Map<string, AgentEvent>();
  const toolsStarted = new Set<string>();
  let endedInError = false;
  for (const e of run.events) {
    if (TERMINAL.has(e.kind)) {
      endedInError = e.kind === 'run_error';
      break;
    }
    if (e.kind === 'tool_start' && e.ids.toolCallId !== undefined)
      toolsStarted.add(e.ids.toolCallId);
    if (e.kind === 'tool_result') {
      const id = e.ids.toolCallId;
      if (id === undefined || !toolsStarted.has(id)) {
        return {
          category: 'protocol_violation',
          message: `${describe(e)} refers to tool call ${id ?? '(none)'}, which never started`,
          event: e,
        };
      }
    }
    if (!e.span) continue;
    const key = `${e.span}\u0000${spanId(e)}`;
    if (!e.phase) {
      if (!open.has(key)) {
        return {
          category: 'protocol_violation',
          message: `${describe(e)} belongs to ${e.span} ${spanId(e)}, which is not open`,
          event: e,
        };
      }
      continue;
    }
    if (e.phase === 'start') {
      if (open.has(key)) {
        return {
          category: 'protocol_violation',
          message: `${describe(e)} starts ${e.span} ${spanId(e)} again while it is open`,
          event: e,
        };
      }
      open.set(key, e);
    } else if (!open.delete(key)) {
      return {
        category: 'protocol_violation',
        message: `${describe(e)} ends ${e.span} ${spanId(e)}, which was not open`,
        event: e,
      };
    }
  }
  const left = [...open.values()][0];
  if (left && !endedInError) {
    return {
      category: 'protocol_violation',
      message: `${left.span} ${spanId(left)} opened by ${describe(left)} never ended before the run's end`,
      event: left,
    };
  }
  return undefined;
}

function spanId(e: AgentEvent): string {
  switch (e.span) {
    case 'message':
      return e.ids.messageId ?? '(no id)';
    case 'tool':
      return e.ids.toolCallId ?? '(no id)';
    case 'step':
      return e.ids.stepName ?? '(no name)';
    default:
      return e.ids.messageId ?? '(no id)';
  }
}

/**
 * Every event that names a run, thread or task names ours: another's is a crossed stream.
 * Ids the service mints (an A2A task id) are ours from the first event that carries one.
 */
export function checkOwnIds(
  run: AgentRun,
  own: { runId?: string; threadId?: string },
): RunViolation | undefined {
  const taskId = run.events.find((e) => e.ids.taskId !== undefined)?.ids.taskId;
  for (const e of run.events) {
    if (taskId !== undefined && e.ids.taskId !== undefined && e.ids.taskId !== taskId) {
      return {
        category: 'isolation_breach',
        message: `${describe(e)} belongs to task ${e.ids.taskId}, not ours (${taskId})`,
        event: e,
      };
    }
    if (own.runId !== undefined && e.ids.runId !== undefined && e.ids.runId !== own.runId) {
      return {
        category: 'isolation_breach',
        message: `${describe(e)} belongs to run ${e.ids.runId}, not ours (${own.runId})`,
        event: e,
      };
    }
    if (
      own.threadId !== undefined &&
      e.ids.threadId !== undefined &&
      e.ids.threadId !== own.threadId
    ) {
      return {
        category: 'isolation_breach',
        message: `${describe(e)} belongs to thread ${e.ids.threadId}, not ours (${own.threadId})`,
        event: e,
      };
    }
  }
  return undefined;
}

/** All the shared rules in the order a person reads a run; the first broken one. */
export function checkRun(
  run: AgentRun,
  own: { runId?: string; threadId?: string } = run.requested,
): RunViolation | undefined {
  return (
    checkOwnIds(run, own) ?? checkStartAndEnd(run) ?? checkBalance(run) ?? checkNothingAfterEnd(run)
  );
}
