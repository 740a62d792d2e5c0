/**
 * The single way an HTTP answer leaves the service, so that latency, `slow-api`, the
 * content-type, extra-field, `huge-json` and `slowloris` behaviours apply to every response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimContext } from './context.js';
import { withExtraFields } from './frames.js';
import { drip, rawResponse } from './raw-http.js';
import { requestTarget } from './request-target.js';
import { jittered } from './timers.js';

/** `huge-json` pads bodies to this many bytes */
const HUGE_BYTES = 50 * 1024 * 1024;
const PAD_CHUNK = Buffer.alloc(64 * 1024, 'x');

export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

/** A JSON body (an object) or, when `body` is a string, a plain-text one. */
export function reply(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const { options, faults } = ctx;
  const pathname = requestTarget(req.url).pathname;
  const api = isApiPath(pathname);
  const isText = typeof body === 'string';
  const text = isText
    ? body
    : JSON.stringify(options.variant.extraFields ? withExtraFields(body) : body);
  const contentType = isText
    ? 'text/plain; charset=utf-8'
    : faults.names.has('wrong-content-type')
      ? 'text/html; charset=utf-8'
      : 'application/json';
  const allHeaders = { 'Content-Type': contentType, ...headers };

  const delay =
    (options.latency ? jittered(options.latency.ms, options.latency.jitterMs, options.random) : 0) +
    (api ? faults.slowApiMs : 0);
  const send = () => {
    if (res.writableEnded || res.destroyed) return;
    if (faults.names.has('slowloris')) {
      return drip(
        ctx.timers,
        req.socket,
        rawResponse(status, allHeaders, text),
        faults.slowlorisByteMs,
      );
    }
    const hugeJson = faults.names.has('huge-json') && text.startsWith('{');
    if (hugeJson && api && req.method === 'GET' && status === 200) {
      return streamHugeJson(res, allHeaders, text);
    }
    res.writeHead(status, { ...allHeaders, 'Content-Length': String(Buffer.byteLength(text)) });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
  if (delay > 0) ctx.timers.after(delay, send);
  else send();
}

/**
 * `{"padding":"xxx…(50 MB)", …the real body}`: still valid JSON with every real field, so a
 * client that does not bound what it reads parses all of it. Streamed with backpressure from
 * one 64 KiB chunk, never built as one string.
 */
function streamHugeJson(res: ServerResponse, headers: Record<string, string>, text: string): void {
  const inner = text.slice(1);
  const head = Buffer.from('{"padding":"');
  const tail = Buffer.from(inner === '}' ? '"}' : `",${inner}`);
  const padChunks = Math.ceil(HUGE_BYTES / PAD_CHUNK.length);
  const length = head.length + padChunks * PAD_CHUNK.length + tail.length;
  res.writeHead(200, { ...headers, 'Content-Length': String(length) });
  res.write(head);
  let written = 0;
  const pump = () => {
    while (written < padChunks) {
      if (res.destroyed) return;
      written += 1;
      if (!res.write(PAD_CHUNK)) return void res.once('drain', pump);
    }
    res.end(tail);
  };
  pump();
}
