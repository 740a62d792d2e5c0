/**
 * Failure signatures: the part of a failure that stays the same when the same fault hits
 * another test, another run or another user. Ids, uuids, timestamps and timings vary; a
 * close code, a status, an event name and a path do not.
 */
import type { Failure } from '../model.js';

/** RFC 6455 §7.4.1 names, as Python's `websockets` prints them (the seed's wording). */
const CLOSE_CODE_NAMES: Readonly<Record<number, string>> = {
  1000: 'OK',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1005: 'no status received',
  1006: 'abnormal closure',
  1007: 'invalid frame payload data',
  1008: 'policy violation',
  1009: 'message too big',
  1010: 'mandatory extension',
  1011: 'internal error',
  1012: 'service restart',
  1013: 'try again later',
  1014: 'bad gateway',
  1015: 'TLS handshake failure',
};

export function closeCodeName(code: number): string {
  const known = CLOSE_CODE_NAMES[code];
  if (known) return known;
  if (code >= 4000 && code <= 4999) return 'application-defined';
  if (code >= 3000 && code <= 3999) return 'registered';
  return 'unknown';
}

/** `received 1011 (internal error) Internal error`; 1006 has no close frame to receive. */
export function closeSignature(code: number, reason?: string): string {
  if (code === 1006) return 'connection dropped: 1006 (abnormal closure), no close frame';
  const text = reason ? normalizeMessage(reason) : '';
  return `received ${code} (${closeCodeName(code)})${text ? ` ${text}` : ''}`;
}

const SIGNATURE_MAX = 200;

const REPLACEMENTS: ReadonlyArray<[RegExp, string]> = [
  // a token should never get here; if one does, it must not become a pattern's name
  [/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '<token>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  // a request's own timing, "(34 ms)", says nothing about the fault
  [/\s*\(\d+(\.\d+)?\s?(ms|s)\)/g, ''],
  // timings: "1203 ms", "2.5 s", "150ms"
  [/\b\d+(\.\d+)?\s?(ms|s|sec|seconds|milliseconds)\b/g, '<n> $2'],
  // ids with a word prefix and at least two digits: run_8f3k2j, user-003, conn-7f3a
  [/\b([A-Za-z]+[_-])(?=[A-Za-z]*\d[A-Za-z]*\d)[A-Za-z0-9]{2,}\b/g, '$1<id>'],
  // bare hex ids and commit SHAs
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<id>'],
  // epoch timestamps, counters, ports: long or fractional numbers vary; codes do not
  [/\b\d{5,}\b|\b\d+\.\d+\b/g, '<n>'],
];

/** `text` with what varies between occurrences replaced by placeholders, on one line. */
export function normalizeMessage(text: string): string {
  let out = text.replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of REPLACEMENTS) out = out.replace(pattern, replacement);
  return out.length > SIGNATURE_MAX ? `${out.slice(0, SIGNATURE_MAX - 1)}…` : out;
}

/**
 * Categories whose cause does not depend on the endpoint: a refused token or a 503 on
 * `/api/agents` and on `/api/threads` is one problem, so the request line is left out.
 */
const PATH_BLIND: ReadonlySet<Failure['category']> = new Set([
  'auth_rejected',
  'auth_not_enforced',
  'service_unavailable',
]);
const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\S+\s+(→|->)?\s*/;
/** `GET /api/mcp/servers → 500` wherever it stands: what a test prefixed it with varies. */
const REQUEST_STATUS = /\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\/\S*\s+(→|->)\s*\d{3}\b/;

/**
 * The signature a failure is grouped by. A close code decides alone: the message around a
 * 1011 differs per test ("while awaiting agent_started", "after welcome"), the fault does
 * not. Otherwise the normalized message, with the HTTP status named when it is missing.
 */
export function failureSignature(failure: Failure): string {
  if (failure.closeCode !== undefined)
    return closeSignature(failure.closeCode, failure.closeReason);
  let message = normalizeMessage(failure.message);
  if (failure.httpStatus !== undefined) {
    const request = REQUEST_STATUS.exec(message);
    if (request) message = message.slice(request.index);
  }
  if (PATH_BLIND.has(failure.category)) message = message.replace(REQUEST_LINE, '');
  if (failure.httpStatus !== undefined) {
    const status = String(failure.httpStatus);
    if (message.startsWith(status)) return `HTTP ${message}`;
    if (!message.includes(status)) return message ? `HTTP ${status}: ${message}` : `HTTP ${status}`;
  }
  return message || failure.category;
}
