/**
 * A pattern's signature is what stays the same when one fault hits another test, run or
 * user: property-tested over the ids a service mints (uuids, `run_…`, hex, long numbers,
 * addresses, ports, durations) and the context a test puts before its message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Failure } from '../../src/model.js';
import {
  failureHeadline,
  failureSignature,
  normalizeMessage,
} from '../../src/verdict/signature.js';

const hex = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: min, maxLength: max });
const alnum = (min: number, max: number) =>
  fc.string({
    unit: fc.constantFrom(...'0123456789abcdefghijklmnopqrstuvwxyz'),
    minLength: min,
    maxLength: max,
  });
const uuid = fc.uuid();
const octet = fc.integer({ min: 0, max: 255 });
const ip = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const port = fc.integer({ min: 1, max: 65_535 });

/** One minted value of each kind, as services print them. */
const MINTED: Record<string, fc.Arbitrary<string>> = {
  uuid,
  'run_<uuid>': uuid.map((u) => `run_${u}`),
  'run_<alnum>': fc
    .tuple(alnum(4, 12), fc.integer({ min: 10, max: 99 }))
    .map(([a, n]) => `run_${n}${a}`),
  'thr-<hex>': hex(6, 16).map((h) => `thr-${h}1`),
  'user-<n>': fc.integer({ min: 0, max: 100_000 }).map((n) => `staging-e2e-user-${n}`),
  // a bare hex id: at least one letter and one digit, as a SHA or a Mongo id
  hex: fc.tuple(hex(6, 40), fc.integer({ min: 0, max: 9 })).map(([h, d]) => `a${h}${d}`),
  'long number': fc.integer({ min: 10_000, max: Number.MAX_SAFE_INTEGER }).map(String),
  fraction: fc.tuple(fc.nat(10_000), fc.nat(999)).map(([a, b]) => `${a}.${b}`),
  ip,
  'ip:port': fc.tuple(ip, port).map(([a, p]) => `${a}:${p}`),
  'host:port': port.map((p) => `api.staging.example.com:${p}`),
  'http url': fc.tuple(ip, port).map(([a, p]) => `http://${a}:${p}/api/health`),
  'ipv6 url': port.map((p) => `ws://[::1]:${p}/ws`),
  duration: fc
    .tuple(fc.nat(100_000), fc.constantFrom('ms', ' ms', ' s', 's', ' seconds'))
    .map(([n, u]) => `${n}${u}`),
  'timing in parens': fc.nat(100_000).map((n) => `(${n} ms)`),
  time: fc
    .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString()),
};
const KINDS = Object.keys(MINTED);

/** Words that name the fault and must survive: events, paths, codes, statuses. */
const WORDS = [
  'agent_started',
  'tool_executing for classify_request never got its tool_completed',
  'GET /api/mcp/servers → 500',
  'close 1011',
  'closed 1008',
  'HTTP 503',
  'while awaiting',
  'run',
  'thread',
  'connection',
  'after',
  'at',
  'for user',
  'WebSocket',
];

/** A message: fixed words with minted values of fixed kinds between them. */
const template = fc.array(
  fc.tuple(fc.constantFrom(...WORDS), fc.option(fc.constantFrom(...KINDS), { nil: undefined })),
  { minLength: 1, maxLength: 8 },
);
const fill = (
  parts: ReadonlyArray<readonly [string, string | undefined]>,
  values: readonly string[],
): string => parts.map(([word, kind], i) => (kind ? `${word} ${values[i]}` : word)).join(' ');

/** Two independent draws of every minted value in the template. */
const twoRuns = template.chain((parts) => {
  const draw = fc.tuple(
    ...parts.map(([, kind]) => (kind ? MINTED[kind] : fc.constant(''))),
  ) as fc.Arbitrary<string[]>;
  return fc.tuple(fc.constant(parts), draw, draw);
});

describe('a signature normalizes every id a service mints', () => {
  it('two occurrences that differ only in minted values have one signature', () => {
    fc.assert(
      fc.property(twoRuns, ([parts, a, b]) => {
        expect(normalizeMessage(fill(parts, a))).toBe(normalizeMessage(fill(parts, b)));
      }),
      { numRuns: 500 },
    );
  });

  it('and the minted value itself never shows in it', () => {
    for (const kind of KINDS) {
      fc.assert(
        fc.property(MINTED[kind], (value) => {
          const out = normalizeMessage(`run failed at ${value} while awaiting agent_started`);
          expect(out, kind).not.toContain(value);
          expect(out, kind).toContain('while awaiting agent_started');
        }),
        { numRuns: 100 },
      );
    }
  });

  it('keeps what names the fault: status codes, close codes, event names and paths', () => {
    const status = fc.integer({ min: 100, max: 599 });
    const close = fc.oneof(
      fc.integer({ min: 1000, max: 1015 }),
      fc.integer({ min: 4000, max: 4999 }),
    );
    fc.assert(
      fc.property(status, close, fc.constantFrom(...WORDS), (s, c, word) => {
        const text = `${word}: GET /api/threads → ${s}; WebSocket closed ${c}`;
        const out = normalizeMessage(text);
        expect(out).toContain(`→ ${s}`);
        expect(out).toContain(`closed ${c}`);
        expect(out).toContain(word);
      }),
    );
  });

  it('distinguishes two messages that differ in a word', () => {
    fc.assert(
      fc.property(
        twoRuns,
        fc.constantFrom(...WORDS),
        fc.constantFrom(...WORDS),
        ([parts, a], w1, w2) => {
          fc.pre(w1 !== w2);
          const base = fill(parts, a);
          expect(normalizeMessage(`${w1} ${base}`)).not.toBe(normalizeMessage(`${w2} ${base}`));
        },
      ),
    );
  });

  it('is idempotent and single-line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const once = normalizeMessage(s);
        expect(once).not.toMatch(/[\n\r]/);
        expect(once.length).toBeLessThanOrEqual(200);
        if (!once.endsWith('…')) expect(normalizeMessage(once)).toBe(once);
      }),
    );
  });
});

/** A label a test puts before its message: two to four plain words, no verb. */
const labelWord = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_0123456789'),
    minLength: 1,
    maxLength: 8,
  })
  .filter(
    (w) =>
      !/^(is|was|are|were|has|had|got|came|failed|sent|returned|accepted|refused|closed)$/.test(w),
  );
const label = fc
  .array(labelWord, { minLength: 2, maxLength: 4 })
  .map((w) => w.join(' '))
  .filter((l) => l.length <= 48);

describe('a signature leaves out the context a test adds', () => {
  const problem = fc.constantFrom(
    'tool_executing for classify_request never got its tool_completed (run run_5a30b33a-a165-474a-ad11-4b2b4110b2ec: agent_started → agent_thinking → tool_executing → agent_completed)',
    'agent_completed never came (run run_x1y2: agent_started → agent_thinking)',
    'no answer within 5000 ms (stage first_event)',
    'refused with an error frame AGENT_BUSY "busy" instead of running (no events)',
  );
  const failure = (message: string): Failure => ({ category: 'missing_event', message });

  it('one label, or several, or an aggregate count: the same signature as the bare problem', () => {
    fc.assert(
      fc.property(
        fc.array(label, { maxLength: 3 }),
        fc.option(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 })), {
          nil: undefined,
        }),
        problem,
        (labels, aggregate, core) => {
          const lead = aggregate
            ? `${aggregate[0]} of ${aggregate[1]} concurrent users failed (0.0 % succeeded, 99 % required; 20 users); `
            : '';
          const message = `${lead}${labels.map((l) => `${l}: `).join('')}${core}`;
          expect(failureSignature(failure(message))).toBe(failureSignature(failure(core)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a headline is the same sentence in the words of its occurrence, with no placeholder', () => {
    fc.assert(
      fc.property(label, problem, (l, core) => {
        const headline = failureHeadline(failure(`${l}: ${core}`));
        expect(headline).not.toMatch(/<(n|id|uuid|ip|port|time)>/);
        expect(normalizeMessage(headline)).toBe(failureSignature(failure(core)));
      }),
    );
  });

  it('keeps a one-word lead, which names a thing: a metric, the WebSocket', () => {
    expect(failureSignature(failure('api_response_ms: no samples were taken'))).toBe(
      'api_response_ms: no samples were taken',
    );
    expect(failureSignature(failure('ws_latency_ms: no samples were taken'))).not.toBe(
      failureSignature(failure('api_response_ms: no samples were taken')),
    );
    expect(failureSignature(failure('WebSocket: a frame over 1048576 bytes arrived'))).toBe(
      'WebSocket: a frame over <n> bytes arrived',
    );
  });
});
