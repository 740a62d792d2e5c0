/**
 * What the sequence driver reads from: a WebSocket or an SSE stream, one item at a time,
 * with the time it arrived on one clock (`performance.now()` ms).
 */
import type { GateError } from '../../model.js';
import type { FrameValue } from './pattern.js';

export type SourceItem =
  | { type: 'frame'; frame: FrameValue; at: number }
  /** the stream ended or the socket closed */
  | { type: 'end'; at: number; closeCode?: number; closeReason?: string }
  | { type: 'timeout'; at: number }
  | { type: 'error'; at: number; error: GateError };

export interface FrameSource {
  /** `WebSocket /live`, `stream POST /v1/runs` */
  readonly label: string;
  readonly kind: 'ws' | 'sse';
  next(timeoutMs: number): Promise<SourceItem>;
}

/** A frame's text as the matcher sees it: JSON when it parses. */
export function frameValue(text: string, event?: string): FrameValue {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  return event === undefined ? { value, text } : { value, text, event };
}
