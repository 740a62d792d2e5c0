/**
 * The open channels of one scenario attempt (WebSockets and SSE streams) as frame sources,
 * and the anchor each one's times are measured from: the connect or request, then the last
 * frame sent on it.
 */
import type { StreamResponse } from '../../transport/sse.js';
import type { WsChannel } from '../../client/ws-channel.js';
import { frameValue, type FrameSource, type SourceItem } from './frame-source.js';

export type Channel =
  | { kind: 'ws'; ws: WsChannel; source: FrameSource; anchorAt: number }
  | { kind: 'sse'; stream: StreamResponse; source: FrameSource; anchorAt: number };

export function wsSource(ws: WsChannel, label: string): FrameSource {
  return {
    label,
    kind: 'ws',
    async next(timeoutMs): Promise<SourceItem> {
      const item = await ws.next(timeoutMs);
      switch (item.type) {
        case 'message':
          return {
            type: 'frame',
            frame: item.binary ? { value: undefined, text: item.text } : frameValue(item.text),
            at: item.at,
          };
        case 'close':
          return { type: 'end', at: item.at, closeCode: item.code, closeReason: item.reason };
        default:
          return item;
      }
    },
  };
}

export function sseSource(stream: StreamResponse, label: string): FrameSource {
  // the stream's times are ms since its request was sent; one clock for every channel
  const sentAt = performance.now() - stream.elapsed();
  return {
    label,
    kind: 'sse',
    async next(timeoutMs): Promise<SourceItem> {
      const item = await stream.next(timeoutMs);
      if (item.type === 'event') {
        return {
          type: 'frame',
          frame: frameValue(item.event.data, item.event.event),
          at: sentAt + item.event.atMs,
        };
      }
      if (item.type === 'end') return { type: 'end', at: sentAt + item.atMs };
      if (item.type === 'timeout') return { type: 'timeout', at: sentAt + item.atMs };
      return { type: 'error', at: sentAt + item.atMs, error: item.error };
    },
  };
}
