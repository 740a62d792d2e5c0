/**
 * The judgments A2A tests share: an answer that must be a JSON-RPC error with given codes,
 * an answer that must be a task, and a stream that must be a complete, valid task stream.
 * Each throws a GateError that says what came and carries the category.
 */
import { streamFailure } from '../../agent/a2a/adapter.js';
import type { StreamOutcome } from '../../agent/a2a/client.js';
import type { RpcAnswer } from '../../agent/a2a/rpc.js';
import {
  checkTransitions,
  taskOutcome,
  type TimedItem,
  type TransitionRules,
} from '../../agent/a2a/transitions.js';
import {
  readTaskResult,
  TERMINAL_STATES,
  type A2aItem,
  type A2aVersion,
} from '../../agent/a2a/wire.js';
import { checkNothingAfterEnd } from '../../agent/run-order.js';
import type { AgentRun } from '../../agent/model.js';
import { GateError, type FailureCategory } from '../../model.js';
import { expectCompleteRun } from '../core/judge-run.js';

export type TaskItem = A2aItem & { type: 'task' };

/** One line for a message: what the answer was. */
export function describeAnswer(a: RpcAnswer): string {
  if (a.kind === 'error')
    return `HTTP ${a.status}, JSON-RPC error ${a.error.code} "${a.error.message}"`;
  if (a.kind === 'result')
    return `HTTP ${a.status}, a result ${JSON.stringify(a.result).slice(0, 160)}`;
  return `HTTP ${a.status} ${a.contentType || '(no content type)'} ${a.text.slice(0, 120)}`.trim();
}

/** A 5xx (or a body that is not JSON-RPC) is a failure of its own, whatever was asked. */
function throwIfHttpFailure(a: RpcAnswer, what: string): void {
  if (a.status >= 500 || a.kind === 'other') {
    throw new GateError(`${what}: ${describeAnswer(a)}`, {
      kind: a.status >= 500 || a.status < 200 || a.status >= 300 ? 'status' : 'protocol',
      httpStatus: a.status,
      stage: 'response',
    });
  }
}

/** The answer is a JSON-RPC error with one of `codes` (the first is the one the spec names). */
export function expectRpcError(
  a: RpcAnswer,
  codes: readonly number[],
  what: string,
  onResult: FailureCategory = 'protocol_violation',
): void {
  throwIfHttpFailure(a, what);
  if (a.kind === 'result') {
    throw new GateError(
      `${what}: expected JSON-RPC error ${codes.join(' or ')}, got ${describeAnswer(a)}`,
      { httpStatus: a.status },
      onResult,
    );
  }
  if (a.kind === 'error' && !codes.includes(a.error.code)) {
    throw new GateError(
      `${what}: expected JSON-RPC error ${codes.join(' or ')}, got ${describeAnswer(a)}`,
      { httpStatus: a.status },
      'protocol_violation',
    );
  }
}

/** The answer is a result holding a task; its error or malformed result fails with what came. */
export function expectTask(a: RpcAnswer, version: A2aVersion, what: string): TaskItem {
  throwIfHttpFailure(a, what);
  if (a.kind !== 'result') {
    throw new GateError(
      `${what}: expected a task, got ${describeAnswer(a)}`,
      { httpStatus: a.status },
      a.status === 401 || a.status === 403 ? 'auth_rejected' : 'protocol_violation',
    );
  }
  const read = readTaskResult(version, a.result);
  if (!read.ok)
    throw new GateError(
      `${what}: the task is malformed: ${read.problem}`,
      { httpStatus: a.status },
      'protocol_violation',
    );
  return read.value;
}

/** The items of a stream that reached its end, after the shared run rules and the A2A task rules. */
export function expectCompleteTaskStream(
  outcome: StreamOutcome,
  run: AgentRun,
  rules: TransitionRules,
  what: string,
): TimedItem[] {
  const failed = streamFailure(outcome, what);
  if (failed) throw failed;
  if (outcome.kind !== 'stream')
    throw new GateError(`${what}: no stream`, {}, 'protocol_violation');
  const broken = checkTransitions(outcome.items, rules);
  if (broken)
    throw new GateError(
      `${what}: ${broken.message}`,
      { elapsedMs: outcome.items[broken.index]?.atMs },
      broken.category,
    );
  if (!rules.subscription) {
    expectCompleteRun(run, what);
    return outcome.items;
  }
  // a subscription joins a task under way: no run start of its own, but the same end
  const state = taskOutcome(outcome.items).state;
  if (!state || !TERMINAL_STATES.has(state)) {
    throw new GateError(
      `${what}: the stream ended without a terminal state (last ${state ?? 'nothing'}, ${outcome.items.length} items)`,
      { elapsedMs: outcome.end.atMs },
      'missing_event',
    );
  }
  if (state === 'failed' || state === 'rejected')
    throw new GateError(`${what}: the task ended ${state.toUpperCase()}`, {}, 'agent_error');
  const after = checkNothingAfterEnd(run);
  if (after) throw new GateError(`${what}: ${after.message}`, {}, after.category);
  return outcome.items;
}

/** The task id a stream opened with. */
export function streamTaskId(items: readonly TimedItem[], what: string): string {
  const first = items[0]?.item;
  if (!first || first.type === 'message' || first.taskId === undefined) {
    throw new GateError(
      `${what}: the agent answered without a task, so there is nothing to ask about`,
      {},
      'missing_event',
    );
  }
  return first.taskId;
}
