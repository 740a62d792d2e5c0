/**
 * What a frame is, by the protocol's names: welcome (either envelope), heartbeat, error
 * frame, pong. Pure predicates over parsed frames, shared by the session and the run
 * collector.
 */
import type { ProtocolConfig } from '../config/protocol.js';
import type { ReceivedFrame } from './frame-queue.js';

export type Frame = Record<string, unknown>;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(frame: Frame | undefined, key: string): string | undefined {
  const v = frame?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function isHeartbeat(frame: ReceivedFrame, p: ProtocolConfig): boolean {
  return frame.type === p.messages.heartbeat;
}

/** `connection_established`, or the older `system_message` envelope with `data.event`. */
export function isWelcome(frame: ReceivedFrame, p: ProtocolConfig): boolean {
  if (frame.type === p.messages.welcome) return true;
  const data = frame.msg?.data;
  return (
    frame.type === p.messages.systemMessage && isObject(data) && data.event === p.messages.welcome
  );
}

export function isErrorFrame(frame: ReceivedFrame, p: ProtocolConfig): boolean {
  return frame.type !== undefined && p.messages.errorTypes.includes(frame.type);
}

/** The code of an error frame in any of the shapes PROTOCOL.md §3.2 allows. */
export function errorCodeOf(msg: Frame | undefined): string | undefined {
  const nested = isObject(msg?.error) ? msg.error : undefined;
  const data = isObject(msg?.data) ? msg.data : undefined;
  return (
    stringField(msg, 'error_code') ??
    stringField(msg, 'code') ??
    stringField(nested, 'code') ??
    stringField(data, 'code') ??
    stringField(data, 'error_code')
  );
}

export function errorMessageOf(msg: Frame | undefined): string | undefined {
  const nested = isObject(msg?.error) ? msg.error : undefined;
  const data = isObject(msg?.data) ? msg.data : undefined;
  return (
    stringField(msg, 'error_message') ??
    stringField(msg, 'message') ??
    stringField(nested, 'message') ??
    stringField(data, 'error_message') ??
    stringField(data, 'message')
  );
}

/** The agent event names of a run (PROTOCOL.md §3.3), the error event included. */
export function runEventTypes(p: ProtocolConfig): Set<string> {
  const e = p.events;
  return new Set([e.started, e.thinking, e.toolExecuting, e.toolCompleted, e.completed, e.error]);
}

/** The ids a frame names (PROTOCOL.md §3.3: `user_id`, `run_id` at the top level). */
export function frameIds(msg: Frame | undefined): { userId?: string; runId?: string } {
  const userId = stringField(msg, 'user_id');
  const runId = stringField(msg, 'run_id');
  return { ...(userId !== undefined ? { userId } : {}), ...(runId !== undefined ? { runId } : {}) };
}

/** The tool a tool event names (`data.tool_name`). */
export function toolNameOf(msg: Frame | undefined): string | undefined {
  const data = msg?.data;
  return isObject(data) ? stringField(data, 'tool_name') : undefined;
}

/** The run id an execute answer names (PROTOCOL.md §2: `{"run_id": ...}`). */
export function executeRunId(body: unknown): string | undefined {
  const id = isObject(body) ? stringField(body, 'run_id') : undefined;
  return id !== undefined && id !== '' ? id : undefined;
}
