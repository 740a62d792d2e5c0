/**
 * What one agent run sends, as a pure plan: the protocol's events in order (PROTOCOL.md §3.3),
 * then the faults and variants that bend it. The run engine only plays the plan back.
 */
import type { AgentDef } from './agents.js';
import type { ActiveFaults } from './faults.js';

export const EVENT = {
  started: 'agent_started',
  thinking: 'agent_thinking',
  toolExecuting: 'tool_executing',
  toolCompleted: 'tool_completed',
  completed: 'agent_completed',
  error: 'agent_error',
} as const;

export interface ScriptedEvent {
  type: string;
  data: Record<string, unknown>;
}

/** How a crash fault ends the connections a run was talking to. */
export type CrashKind = 'close-1011' | 'destroy' | 'reset';

export type PlanStep =
  /** `gap`: this step follows the previous one after one event spacing, or at once */
  | { kind: 'event'; event: ScriptedEvent; gap: boolean }
  | { kind: 'heartbeat'; gap: boolean }
  | { kind: 'garbage'; gap: boolean }
  | { kind: 'oversized'; gap: boolean }
  | { kind: 'crash'; how: CrashKind; gap: boolean };

/** The healthy run: started, thinking, tool pairs, completed. */
export function scriptRun(
  agent: AgentDef,
  request: string,
  random: () => number = Math.random,
): ScriptedEvent[] {
  const events: ScriptedEvent[] = [
    { type: EVENT.started, data: { agent_name: agent.name, message: request } },
    ...agent.reasoning.map((reasoning) => ({ type: EVENT.thinking, data: { reasoning } })),
  ];
  for (const tool of agent.tools) {
    events.push({
      type: EVENT.toolExecuting,
      data: { tool_name: tool.name, parameters: { request } },
    });
    events.push({
      type: EVENT.toolCompleted,
      data: {
        tool_name: tool.name,
        result: tool.result(request),
        execution_time_ms: 5 + Math.floor(random() * 40),
      },
    });
  }
  events.push({ type: EVENT.completed, data: { result: agent.answer(request), success: true } });
  return events;
}

/**
 * `reorder-events`: thinking before started and completed before the first tool; the same
 * events, so only an order check can tell.
 */
export function reorderEvents(events: readonly ScriptedEvent[]): ScriptedEvent[] {
  const out = [...events];
  const started = out.findIndex((e) => e.type === EVENT.started);
  const thinking = out.findIndex((e) => e.type === EVENT.thinking);
  if (started >= 0 && thinking >= 0) [out[started], out[thinking]] = [out[thinking], out[started]];
  const completed = out.findIndex((e) => e.type === EVENT.completed);
  const firstTool = out.findIndex((e) => e.type === EVENT.toolExecuting);
  if (completed > firstTool && firstTool >= 0) {
    const [done] = out.splice(completed, 1);
    out.splice(firstTool, 0, done);
  }
  return out;
}

export interface PlanVariant {
  heartbeatEverywhere: boolean;
}

/** The healthy events bent by the active faults and variants, with the frames between them. */
export function planRun(
  events: readonly ScriptedEvent[],
  faults: ActiveFaults,
  variant: PlanVariant,
): PlanStep[] {
  const on = (name: Parameters<typeof faults.names.has>[0]) => faults.names.has(name);
  let ordered = events.filter((e) => !faults.droppedEvents.has(e.type));
  if (on('reorder-events')) ordered = reorderEvents(ordered);

  const crash: CrashKind | undefined = on('ws-1011-on-agent')
    ? 'close-1011'
    : on('close-1006')
      ? 'destroy'
      : on('reset-mid-run')
        ? 'reset'
        : undefined;

  const plan: PlanStep[] = [];
  ordered.forEach((event, i) => {
    if (i > 0 && variant.heartbeatEverywhere) plan.push({ kind: 'heartbeat', gap: false });
    if (i > 0 && on('garbage-frames')) plan.push({ kind: 'garbage', gap: false });
    plan.push({ kind: 'event', event, gap: i > 0 });
  });
  // Crash-like faults strike one spacing after agent_started: the client has seen the run
  // begin, then loses it, like the seed's 1011 during agent execution.
  const startedAt = plan.findIndex((s) => s.kind === 'event' && s.event.type === EVENT.started);
  const anchor = startedAt >= 0 ? startedAt + 1 : 0;
  if (crash) return [...plan.slice(0, anchor), { kind: 'crash', how: crash, gap: true }];
  if (on('oversized-frame')) plan.splice(anchor, 0, { kind: 'oversized', gap: false });
  return plan;
}
