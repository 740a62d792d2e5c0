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

/** Not a letter or digit: `_` and `-` separate an id from its prefix (`run_<uuid>`). */
const L = '(?<![0-9A-Za-z])';
const R = '(?![0-9A-Za-z])';

/**
 * What a service mints or measures, in the order they must be replaced: a uuid holds hex
 * runs and dashes, an address holds dotted numbers, a duration holds a number.
 */
const REPLACEMENTS: ReadonlyArray<
  [RegExp, string | ((match: string, ...groups: string[]) => string)]
> = [
  // a token should never get here; if one does, it must not become a pattern's name
  [/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '<token>'],
  [
    new RegExp(`${L}[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}${R}`, 'gi'),
    '<uuid>',
  ],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  // addresses and the ports a test server or a load balancer picks
  [new RegExp(`${L}\\d{1,3}(?:\\.\\d{1,3}){3}${R}`, 'g'), '<ip>'],
  [/\[[0-9a-f]*:[0-9a-f:.]*\]/gi, '<ip>'],
  [/(<ip>|\blocalhost|[A-Za-z0-9-]\.[A-Za-z]{2,}):\d{1,5}\b/g, '$1:<port>'],
  [/\bport \d{2,5}\b/g, 'port <port>'],
  // a request's own timing, "(34 ms)", says nothing about the fault
  [/\s*\(\d+(\.\d+)?\s?(ms|s)\)/g, ''],
  // timings, whatever their unit: "1203 ms", "2.5 s", "150ms", "30 seconds"
  [/\b\d+(\.\d+)?\s?(ms|s|sec|seconds|milliseconds|min|minutes)\b/g, '<duration>'],
  // ids after a word prefix: run_8f3k2j, run_<uuid>, user-17, conn-7f3a (not utf-8)
  [
    /\b([A-Za-z]+[_-])(<uuid>|[A-Za-z0-9]*\d[A-Za-z0-9]*)(?![0-9A-Za-z])/g,
    (whole, prefix: string, id: string) => {
      if (/^utf-$/i.test(prefix)) return whole;
      const digits = id.replace(/\D/g, '').length;
      return id === '<uuid>' || digits >= 2 || digits === id.length ? `${prefix}<id>` : whole;
    },
  ],
  // bare hex ids and commit SHAs
  [new RegExp(`${L}(?=[0-9a-f]*\\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}${R}`, 'gi'), '<id>'],
  // epoch timestamps, counters: long or fractional numbers vary; codes do not
  [/\b\d+\.\d+\b|\b\d{5,}\b/g, '<n>'],
];

/** One line, the request's own timing dropped, cut to the signature's length. */
function tidy(text: string): string {
  const out = text
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\d+(\.\d+)?\s?(ms|s)\)/g, '')
    .trim();
  return cut(out);
}

function cut(text: string): string {
  return text.length > SIGNATURE_MAX ? `${text.slice(0, SIGNATURE_MAX - 1)}…` : text;
}

/** `text` with what varies between occurrences replaced by placeholders, on one line. */
export function normalizeMessage(text: string): string {
  let out = text.replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of REPLACEMENTS) {
    out =
      typeof replacement === 'string'
        ? out.replace(pattern, replacement)
        : out.replace(pattern, replacement as (m: string, ...g: string[]) => string);
  }
  return cut(out);
}

/**
 * The leading clauses a test adds to say where it was ("start_agent run: ", "user 1's run 2: "),
 * and an aggregate's count ("20 of 20 concurrent users failed (…); user 1: "): context of
 * the test, not of the fault. A label is a short plain phrase of two to four words; one word
 * ("WebSocket: ", "api_response_ms: ") names a thing and stays.
 */
const LABEL = /^[A-Za-z0-9_'-]+(?: [A-Za-z0-9_'-]+){1,3}$/;
/** A clause with a verb says what happened ("WebSocket with no token was accepted"): not a label. */
const VERB =
  /\b(?:is|was|are|were|has|had|got|came|failed|sent|returned|accepted|refused|closed)\b/;
const AGGREGATE = /^\d+ of \d+ [^:;]*\bfailed\b/;

/** The clauses before the first `: ` or `; ` outside brackets and quotes, and the rest. */
function firstClause(text: string): { head: string; sep: string; rest: string } | undefined {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    if (quoted) continue;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (depth === 0 && (c === ':' || c === ';') && text[i + 1] === ' ') {
      return { head: text.slice(0, i), sep: c, rest: text.slice(i + 2) };
    }
  }
  return undefined;
}

function withoutContext(text: string): string {
  let out = text;
  for (;;) {
    const clause = firstClause(out);
    if (!clause || clause.rest.trim() === '') return out;
    const label =
      clause.sep === ':' &&
      clause.head.length <= 48 &&
      LABEL.test(clause.head) &&
      !VERB.test(clause.head) &&
      clause.rest.split(' ').length >= 3;
    if (!label && !AGGREGATE.test(clause.head)) return out;
    out = clause.rest;
  }
}

/** A run's story at the end, "(run run_1: agent_started → agent_completed)": evidence, not cause. */
const RUN_STORY = /\s*\((?:run \S+: )?(?:[^()\s]+(?: → [^()\s]+)+|no events)\)$/;

/**
 * Categories whose cause does not depend on the endpoint: a refused token or a 503 on
 * `/api/agents` and on `/api/threads` is one problem, so the request line is left out.
 */
const PATH_BLIND: ReadonlySet<Failure['category']> = new Set([
  'auth_rejected',
  'auth_not_enforced',
  'service_unavailable',
]);
/** Statuses a service gives whatever the endpoint: a refused token, a rate limit, a gateway. */
const PATH_BLIND_STATUS: ReadonlySet<number> = new Set([401, 403, 429, 502, 503, 504]);
/**
 * `GET /api/mcp/servers → 500` wherever it stands (what a test prefixed it with varies),
 * with the test's words between the path and the arrow ("with an expired token").
 */
const REQUEST_STATUS =
  /\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/\S*)((?:\s+[^\s→]+){0,8}?)\s+(?:→|->)\s*(\d{3})\b/;
/** What the test expected, and how many more it saw: the test's side, not the service's. */
const TEST_SIDE = [/\s*\(expected [^()]*\)/g, /\s*\(and \d+ more\b.*$/];

/**
 * The signature a failure is grouped by. A close code decides alone: the message around a
 * 1011 differs per test ("while awaiting agent_started", "after welcome"), the fault does
 * not. Otherwise the message without the test's own context and with every minted id,
 * address and duration replaced, with the HTTP status named when it is missing.
 */
export function failureSignature(failure: Failure): string {
  return describe(failure, normalizeMessage);
}

/**
 * The same sentence as the signature, in the words of this occurrence: what a person
 * reads as the name of a pattern (a real run id, not `<id>`).
 */
export function failureHeadline(failure: Failure): string {
  return describe(failure, tidy);
}

function describe(failure: Failure, words: (text: string) => string): string {
  if (failure.closeCode !== undefined) {
    if (failure.closeCode === 1006) return closeSignature(1006);
    const reason = failure.closeReason ? words(failure.closeReason) : '';
    return `received ${failure.closeCode} (${closeCodeName(failure.closeCode)})${reason ? ` ${reason}` : ''}`;
  }
  let message = failure.message.replace(/\s+/g, ' ').trim();
  const request = failure.httpStatus !== undefined ? REQUEST_STATUS.exec(message) : null;
  if (request) {
    const [whole, method, path, testWords, status] = request;
    let rest = message.slice(request.index + whole.length);
    for (const side of TEST_SIDE) rest = rest.replace(side, '');
    // a success's body is whatever was asked for (a new thread, the agent list): evidence
    if (status.startsWith('2')) rest = rest.replace(/:? [{[].*$/, '');
    const blind = PATH_BLIND.has(failure.category) || PATH_BLIND_STATUS.has(Number(status));
    // which bad token was accepted is the finding; elsewhere the words are the test's
    const how = failure.category === 'auth_not_enforced' ? testWords : '';
    const lead = blind ? `HTTP ${status}${how}` : `${method} ${path}${how} → ${status}`;
    return words(`${lead}${rest}`);
  }
  message = withoutContext(message);
  for (const side of TEST_SIDE) message = message.replace(side, '');
  message = words(message.replace(RUN_STORY, ''));
  if (failure.httpStatus !== undefined) {
    const status = String(failure.httpStatus);
    if (message.startsWith(status)) return `HTTP ${message}`;
    if (!message.includes(status)) return message ? `HTTP ${status}: ${message}` : `HTTP ${status}`;
  }
  return message || failure.category;
}
