/**
 * A timed, bounded, classified HTTP exchange whose answer may be a Server-Sent Events
 * stream: the request is sent, the head is awaited, and then the caller pulls events one at
 * a time with its own timeout (`next`), or reads a plain body (`text`). SSE framing is
 * eventsource-parser's (CRLF, `event:`/`id:`/`retry:` lines, comments, events split across
 * reads); bytes are decoded as a stream, so a multi-byte character split between two reads
 * arrives whole. Every event keeps the time it arrived, measured from the request being sent.
 */
import http from 'node:http';
import https from 'node:https';
import { createParser } from 'eventsource-parser';
import { recordEvidence, type EvidenceSink } from './evidence.js';
import { timeoutError, transportError } from './transport-error.js';
import { GateError } from '../model.js';

/** Beyond this a stream is a runaway, not an answer. */
export const MAX_STREAM_BYTES = 8 * 1024 * 1024;
/** One event's data beyond this is a runaway too. */
export const MAX_EVENT_BYTES = 1024 * 1024;
/** How much of a plain body is kept. */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;

export interface SseEvent {
  /** the `event:` field, when the server sent one */
  event?: string;
  id?: string;
  data: string;
  /** ms from the request being sent to this event being complete */
  atMs: number;
}

export type StreamItem =
  | { type: 'event'; event: SseEvent }
  /** the body ended */
  | { type: 'end'; atMs: number }
  /** nothing came within the caller's timeout (the stream stays open) */
  | { type: 'timeout'; atMs: number }
  /** the exchange failed: reset, over the byte bound, malformed framing */
  | { type: 'error'; atMs: number; error: GateError };

export interface StreamRequest {
  /** absolute URL */
  url: string;
  method?: 'GET' | 'POST' | 'DELETE';
  /** the bearer token; undefined = none */
  token?: string;
  /** sent as JSON unless it is a string */
  body?: unknown;
  headers?: Record<string, string>;
  /** for the connection and the response head */
  timeoutMs: number;
  signal?: AbortSignal;
  evidence?: EvidenceSink;
  /** masked in evidence besides anything token-shaped */
  secrets?: readonly string[];
  /** prefix of evidence lines, e.g. `user 2` */
  label?: string;
  maxBytes?: number;
}

export interface StreamResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  contentType: string;
  /** `text/event-stream` */
  isEventStream: boolean;
  /** ms from the request being sent to the response head */
  headAtMs: number;
  /** the next SSE event, or how the stream ended, waiting at most `timeoutMs` */
  next(timeoutMs: number): Promise<StreamItem>;
  /** the whole body as text (bounded), for an answer that is not a stream */
  text(timeoutMs: number): Promise<string>;
  /** ms since the request was sent */
  elapsed(): number;
  /** stops reading and closes the connection */
  close(): void;
}

type Waiter = (item: StreamItem) => void;

/** `text/event-stream`, with or without parameters. */
export function isEventStreamType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*text\/event-stream\b/i.test(contentType);
}

export function openStream(req: StreamRequest): Promise<StreamResponse> {
  const url = new URL(req.url);
  const method = req.method ?? 'POST';
  const target = `${method} ${url.pathname}`;
  const label = req.label ? `${req.label}: ` : '';
  const secrets = req.secrets ?? [];
  const note = (dir: 'http' | 'in' | 'out', text: string): void =>
    recordEvidence(req.evidence, dir, `${label}${text}`, secrets);
  const headers: Record<string, string> = {
    accept: 'text/event-stream, application/json',
    ...req.headers,
  };
  if (req.token !== undefined) headers.authorization = `Bearer ${req.token}`;
  let payload: Buffer | undefined;
  if (req.body !== undefined) {
    const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    payload = Buffer.from(text, 'utf8');
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(payload.length);
    note('out', `${target} ${text}`);
  }
  const maxBytes = req.maxBytes ?? MAX_STREAM_BYTES;
  const lib = url.protocol === 'https:' ? https : http;

  return new Promise<StreamResponse>((resolve, reject) => {
    const started = performance.now();
    const elapsed = (): number => performance.now() - started;
    let stage: 'connect' | 'response' = 'connect';
    let headed = false;
    const queue: StreamItem[] = [];
    let waiter: Waiter | undefined;
    let ended = false;
    let bytes = 0;

    const push = (item: StreamItem): void => {
      if (ended) return;
      if (item.type !== 'event') ended = true;
      if (waiter) {
        const w = waiter;
        waiter = undefined;
        w(item);
      } else queue.push(item);
    };
    const fail = (error: GateError): void => {
      if (!headed) {
        headed = true;
        cleanup();
        note('http', `${target} ✗ ${error.message}`);
        reject(error);
        return;
      }
      push({ type: 'error', atMs: elapsed(), error });
      clientReq.destroy();
    };
    const onAbort = (): void => {
      fail(timeoutError(target, headed ? 'first_event' : stage, elapsed()));
      clientReq.destroy();
    };
    const cleanup = (): void => {
      clearTimeout(headTimer);
      req.signal?.removeEventListener('abort', onAbort);
    };

    const clientReq = lib.request(url, { method, headers, agent: false }, (res) => {
      headed = true;
      clearTimeout(headTimer);
      const contentType = String(res.headers['content-type'] ?? '');
      const eventStream = isEventStreamType(contentType);
      const headAtMs = elapsed();
      note(
        'http',
        `${target} → ${res.statusCode} ${contentType || '(no content type)'} (${Math.round(headAtMs)} ms)`,
      );
      const decoder = new TextDecoder('utf-8');
      let textChunks: string[] | undefined;
      let textBytes = 0;
      const parser = createParser({
        onEvent: (e) => {
          if (e.data.length > MAX_EVENT_BYTES) {
            fail(
              new GateError(`${target}: an SSE event over ${MAX_EVENT_BYTES} bytes`, {
                kind: 'protocol',
                stage: 'first_event',
                httpStatus: res.statusCode,
                elapsedMs: elapsed(),
              }),
            );
            return;
          }
          const event: SseEvent = { data: e.data, atMs: elapsed() };
          if (e.event !== undefined) event.event = e.event;
          if (e.id !== undefined) event.id = e.id;
          note('in', `${e.event ? `event: ${e.event} ` : ''}${e.data}`);
          push({ type: 'event', event });
        },
        maxBufferSize: MAX_EVENT_BYTES,
        onError: (err) => {
          // unknown fields are ignorable by the SSE spec; a runaway line is not
          if (err.type === 'max-buffer-size-exceeded') {
            fail(
              new GateError(`${target}: SSE line over ${MAX_EVENT_BYTES} bytes`, {
                kind: 'protocol',
                stage: 'first_event',
                httpStatus: res.statusCode,
                elapsedMs: elapsed(),
              }),
            );
          }
        },
      });
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          fail(
            new GateError(
              `${target} → ${res.statusCode}: body over ${maxBytes} bytes, stopped reading`,
              {
                kind: 'protocol',
                stage: 'completion',
                httpStatus: res.statusCode,
                elapsedMs: elapsed(),
              },
            ),
          );
          res.destroy();
          return;
        }
        const text = decoder.decode(chunk, { stream: true });
        if (eventStream) parser.feed(text);
        else if (textChunks && textBytes < MAX_TEXT_BYTES) {
          textChunks.push(text);
          textBytes += chunk.length;
        }
      });
      res.on('error', (err) => fail(transportError(err, target, 'completion', elapsed())));
      res.on('close', () => {
        // closed before its end: the peer cut the stream (reset, crash, proxy timeout)
        if (!res.complete)
          fail(
            transportError(
              new Error('connection closed mid-stream'),
              target,
              'completion',
              elapsed(),
            ),
          );
      });
      res.on('end', () => {
        const tail = decoder.decode();
        if (eventStream) {
          parser.feed(tail);
          // an event without its closing blank line is not an event (SSE spec): dropped
        } else textChunks?.push(tail);
        cleanup();
        push({ type: 'end', atMs: elapsed() });
      });
      if (!eventStream) {
        textChunks = [];
        res.pause();
      }

      const response: StreamResponse = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        contentType,
        isEventStream: eventStream,
        headAtMs,
        elapsed,
        next(timeoutMs) {
          const queued = queue.shift();
          if (queued) return Promise.resolve(queued);
          if (ended) return Promise.resolve({ type: 'end', atMs: elapsed() } as StreamItem);
          return new Promise<StreamItem>((done) => {
            const timer = setTimeout(() => {
              waiter = undefined;
              done({ type: 'timeout', atMs: elapsed() });
            }, timeoutMs);
            waiter = (item) => {
              clearTimeout(timer);
              done(item);
            };
          });
        },
        async text(timeoutMs) {
          res.resume();
          const item = await response.next(timeoutMs);
          if (item.type === 'error') throw item.error;
          if (item.type === 'timeout') {
            clientReq.destroy();
            throw timeoutError(target, 'response', item.atMs);
          }
          const text = (textChunks ?? []).join('');
          if (text) note('in', text);
          return text;
        },
        close() {
          ended = true;
          cleanup();
          clientReq.destroy();
          res.destroy();
        },
      };
      resolve(response);
    });
    clientReq.on('socket', (socket) => {
      if (!socket.connecting) stage = 'response';
      else
        socket.once(
          url.protocol === 'https:' ? 'secureConnect' : 'connect',
          () => (stage = 'response'),
        );
    });
    clientReq.on('error', (err) =>
      fail(transportError(err, target, headed ? 'completion' : stage, elapsed())),
    );
    const headTimer = setTimeout(() => {
      fail(timeoutError(target, stage, elapsed()));
      clientReq.destroy();
    }, req.timeoutMs);
    if (req.signal?.aborted) onAbort();
    else req.signal?.addEventListener('abort', onAbort, { once: true });
    clientReq.end(payload);
  });
}
