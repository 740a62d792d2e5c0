/**
 * The A2A task rules, as pure functions over the items of one stream (beside the shared
 * run-order rules, which see only event kinds):
 *
 * - the stream opens with the Task (or a lone Message, which is the whole answer);
 * - every update names that task and its context;
 * - states move SUBMITTED → WORKING → a terminal state (COMPLETED, FAILED, CANCELED,
 *   REJECTED); SUBMITTED never comes back, an interrupted state (INPUT_REQUIRED,
 *   AUTH_REQUIRED) may return to WORKING, and nothing follows a terminal state;
 * - an artifact chunk with `append` extends a chunk of the same artifact sent before, and no
 *   chunk of an artifact follows its `lastChunk`;
 * - v0.3: `final: true` is set exactly on the update that ends the stream (a terminal or
 *   interrupted state).
 *
 * A subscription (`SubscribeToTask`) may begin with the Task or with an update, and may
 * begin in any state the task has reached.
 */
import type { FailureCategory } from '../../model.js';
import {
  INTERRUPTED_STATES,
  TERMINAL_STATES,
  wireType,
  type A2aItem,
  type A2aVersion,
  type TaskState,
} from './wire.js';

export interface TimedItem {
  item: A2aItem;
  atMs: number;
}

export interface TransitionViolation {
  category: Extract<FailureCategory, 'protocol_violation' | 'missing_event' | 'isolation_breach'>;
  message: string;
  index: number;
}

export interface TransitionRules {
  version: A2aVersion;
  /** a SubscribeToTask stream of a known task, rather than a new message's stream */
  subscription?: { taskId: string };
}

const at = (t: TimedItem): string => `${wireType(t.item)} at +${Math.round(t.atMs)} ms`;

/** May the task move from `from` to `to`? */
export function allowedTransition(from: TaskState | undefined, to: TaskState): boolean {
  if (from === undefined) return true;
  if (TERMINAL_STATES.has(from)) return false;
  if (to === 'submitted') return from === 'submitted';
  return true;
}

/** The first broken rule of the stream, or undefined. */
export function checkTransitions(
  items: readonly TimedItem[],
  rules: TransitionRules,
): TransitionViolation | undefined {
  const first = items[0];
  if (!first) return undefined;
  if (!rules.subscription && first.item.type !== 'task' && first.item.type !== 'message') {
    return {
      category: 'missing_event',
      message: `the stream opened with ${at(first)}, not the Task`,
      index: 0,
    };
  }
  if (first.item.type === 'message') {
    const next = items[1];
    return next
      ? {
          category: 'protocol_violation',
          message: `${at(next)} came after the agent answered with a Message, which ends the stream`,
          index: 1,
        }
      : undefined;
  }
  const taskId = rules.subscription?.taskId ?? first.item.taskId;
  const contextId = 'contextId' in first.item ? first.item.contextId : undefined;
  let state: TaskState | undefined;
  const open = new Map<string, boolean>(); // artifactId → lastChunk seen
  for (const [index, t] of items.entries()) {
    const item = t.item;
    if (item.type === 'message') {
      // a status message of the agent inside a task stream is allowed; it must name the task
      if (item.taskId !== undefined && item.taskId !== taskId)
        return {
          category: 'isolation_breach',
          message: `${at(t)} names task ${item.taskId}, not ours (${taskId})`,
          index,
        };
      continue;
    }
    if (item.taskId !== taskId) {
      return {
        category: 'isolation_breach',
        message: `${at(t)} belongs to task ${item.taskId}, not ours (${taskId})`,
        index,
      };
    }
    if (contextId !== undefined && item.contextId !== contextId) {
      return {
        category: 'protocol_violation',
        message: `${at(t)} names context ${item.contextId}, the task's is ${contextId}`,
        index,
      };
    }
    if (state !== undefined && TERMINAL_STATES.has(state)) {
      return {
        category: 'protocol_violation',
        message: `${at(t)} came after the terminal state ${state}`,
        index,
      };
    }
    if (item.type === 'task' || item.type === 'status') {
      if (index > 0 && item.type === 'task' && !rules.subscription) {
        return {
          category: 'protocol_violation',
          message: `${at(t)}: a second Task object in one stream`,
          index,
        };
      }
      if (!allowedTransition(state, item.state)) {
        return {
          category: 'protocol_violation',
          message: `${at(t)}: the task went from ${state} back to ${item.state}`,
          index,
        };
      }
      state = item.state;
      // a Task snapshot (a subscription's first item) carries the chunks sent so far
      if (item.type === 'task')
        for (const id of item.artifacts.keys()) if (!open.has(id)) open.set(id, false);
      if (item.type === 'status' && rules.version === '0.3') {
        const ends = TERMINAL_STATES.has(item.state) || INTERRUPTED_STATES.has(item.state);
        if (item.final === true && !ends)
          return {
            category: 'protocol_violation',
            message: `${at(t)} says final while the task is still ${item.state}`,
            index,
          };
        if (item.final !== true && TERMINAL_STATES.has(item.state))
          return {
            category: 'protocol_violation',
            message: `${at(t)} reaches ${item.state} without final: true (a v0.3 client waits on)`,
            index,
          };
      }
      continue;
    }
    // an artifact chunk
    const seen = open.get(item.artifactId);
    if (seen === true) {
      return {
        category: 'protocol_violation',
        message: `${at(t)} adds to artifact ${item.artifactId} after its lastChunk`,
        index,
      };
    }
    if (item.append && seen === undefined) {
      return {
        category: 'protocol_violation',
        message: `${at(t)} appends to artifact ${item.artifactId}, which was never sent`,
        index,
      };
    }
    open.set(item.artifactId, item.lastChunk);
  }
  return undefined;
}

/** The task's state after the items, and its artifacts' texts (chunks applied). */
export function taskOutcome(items: readonly TimedItem[]): {
  state?: TaskState;
  artifacts: Map<string, string>;
} {
  let state: TaskState | undefined;
  const artifacts = new Map<string, string>();
  for (const { item } of items) {
    if (item.type === 'task') {
      state = item.state;
      for (const [id, text] of item.artifacts) artifacts.set(id, text);
    } else if (item.type === 'status') state = item.state;
    else if (item.type === 'artifact') {
      const before = item.append ? (artifacts.get(item.artifactId) ?? '') : '';
      artifacts.set(item.artifactId, before + item.text);
    }
  }
  return state !== undefined ? { state, artifacts } : { artifacts };
}

/** Whether the item ends a stream: a terminal state, or (v0.3) an update marked final. */
export function endsStream(item: A2aItem): boolean {
  if (item.type === 'message') return item.taskId === undefined;
  if (item.type === 'artifact') return false;
  if (item.type === 'status' && item.final === true) return true;
  return TERMINAL_STATES.has(item.state);
}
