/**
 * The rules an agent run must keep (PROTOCOL.md §3.3), as a pure function over the event
 * types in arrival order, so that they can be property-tested: exactly one start, first;
 * thinking before the end; every tool completion after its execution, paired by tool name;
 * exactly one completion, last.
 */

import type { ProtocolConfig } from '../config/protocol.js';

/** The event names of the protocol (suite-config may rename them). */
export type RunEventNames = ProtocolConfig['events'];

export interface RunEventLike {
  type: string;
  toolName?: string;
}

/** The first broken rule, or undefined when the sequence is a healthy run. */
export function runOrderProblem(
  events: readonly RunEventLike[],
  names: RunEventNames,
  opts: { requireTools?: boolean } = {},
): string | undefined {
  if (events.length === 0) return 'the run has no events';
  const starts = events.filter((e) => e.type === names.started).length;
  if (starts === 0) return `${names.started} never came`;
  if (events[0].type !== names.started) {
    return `${names.started} is not the first event (first came ${events[0].type})`;
  }
  if (starts > 1) return `${names.started} came ${starts} times`;
  const completions = events.filter((e) => e.type === names.completed).length;
  if (completions === 0) return `${names.completed} never came`;
  if (completions > 1) return `${names.completed} came ${completions} times`;
  const last = events[events.length - 1];
  if (last.type !== names.completed) {
    return `${names.completed} is not the last event (${last.type} came after it)`;
  }
  if (!events.some((e) => e.type === names.thinking)) return `${names.thinking} never came`;

  const open = new Map<string, number>();
  let pairs = 0;
  for (const e of events) {
    const tool = e.toolName ?? '(unnamed)';
    if (e.type === names.toolExecuting) open.set(tool, (open.get(tool) ?? 0) + 1);
    if (e.type === names.toolCompleted) {
      const n = open.get(tool) ?? 0;
      if (n === 0)
        return `${names.toolCompleted} for ${tool} came without a ${names.toolExecuting} before it`;
      open.set(tool, n - 1);
      pairs += 1;
    }
  }
  for (const [tool, n] of open) {
    if (n > 0) return `${names.toolExecuting} for ${tool} never got its ${names.toolCompleted}`;
  }
  if (opts.requireTools && pairs === 0) {
    return `no ${names.toolExecuting}/${names.toolCompleted} pair came`;
  }
  return undefined;
}
