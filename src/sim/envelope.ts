/**
 * The `envelope` variant: the same service speaking another envelope on its WebSocket, as a
 * team's own agent protocol might — every frame `{"event": <type>, "payload": {...the rest}}`,
 * and the client's `{"event": "chat", "payload": {"text": ...}}` taken as a user message.
 * Only the wrapping changes: runs, faults and auth are the agent-ws service's.
 */
import type { Frame } from './frames.js';

/** client envelope events → agent-ws frame types */
const CLIENT_EVENTS: Record<string, string> = { chat: 'user_message' };

export function toEnvelope(frame: Frame): Frame {
  const { type, ...payload } = frame;
  return { event: type, payload };
}

/** A client envelope as the agent-ws frame it stands for; anything else unchanged. */
export function fromEnvelope(parsed: unknown): unknown {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return parsed;
  const { event, payload } = parsed as { event?: unknown; payload?: unknown };
  if (typeof event !== 'string') return parsed;
  const body =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : {};
  const frame: Record<string, unknown> = { ...body, type: CLIENT_EVENTS[event] ?? event };
  if (typeof body.text === 'string' && frame.content === undefined) frame.content = body.text;
  return frame;
}
