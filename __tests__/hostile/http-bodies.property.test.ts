/**
 * Random answers into the HTTP checks: the documented shapes and the checks built on them
 * take any JSON (or none) and either accept it or throw a GateError with a category; and
 * the suite's test bodies, run against a service that answers every request and upgrade
 * with random statuses, content types and bodies, end in a pass or a classified GateError,
 * never in a TypeError from a body that trusted what it read, and never hang.
 */
import fc from 'fast-check';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpMethod, HttpResponse } from '../../src/client/http.js';
import { parseSettings } from '../../src/config/parse-settings.js';
import type { Settings } from '../../src/config/settings.js';
import { FAILURE_CATEGORIES, GateError } from '../../src/model.js';
import { classifyFailure } from '../../src/runner/classify.js';
import { createChecks } from '../../src/suite/checks.js';
import { createSuiteContext } from '../../src/suite/context.js';
import {
  agentsShape,
  mcpServersShape,
  messagesShape,
  threadListShape,
  threadShape,
} from '../../src/suite/documented-shapes.js';
import { buildSuite } from '../../src/suite/index.js';
import type { SuiteTest } from '../../src/suite/types.js';
import { httpServer, type Loopback } from '../client/servers.js';

const KEYS = [
  'status',
  'version',
  'service',
  'agents',
  'name',
  'description',
  'data',
  'services',
  'threads',
  'messages',
  'id',
  'title',
  'created_at',
  'role',
  'content',
  'error',
  'code',
  'message',
  'detail',
  'run_id',
  'startup_in_progress',
];
const WORDS = [
  'healthy',
  'ok',
  'available',
  'connected',
  'user',
  'assistant',
  'AGENT_NOT_FOUND',
  '2024-01-02T03:04:05Z',
  'not-a-date',
  '',
  'triage',
];

/** JSON that looks like the protocol's bodies often enough to reach the deep checks. */
const { body: protocolish } = fc.letrec<{ body: unknown; value: unknown }>((tie) => ({
  body: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 }),
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...WORDS),
    fc.jsonValue({ maxDepth: 1 }),
    fc.array(tie('body'), { maxLength: 3 }),
    tie('body'),
  ),
}));

const anyBody = fc.oneof(protocolish, fc.jsonValue(), fc.constant(undefined));

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/problem+json',
  'text/html',
  'text/plain',
  undefined,
];
const STATUSES = [200, 201, 202, 204, 301, 302, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503];

const answer = fc.record({
  status: fc.constantFrom(...STATUSES),
  contentType: fc.constantFrom(...CONTENT_TYPES),
  text: fc.oneof(
    { arbitrary: protocolish.map((b) => JSON.stringify(b)), weight: 4 },
    { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? ''), weight: 1 },
    { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
  ),
});
type Answer = typeof answer extends fc.Arbitrary<infer A> ? A : never;

function expectGateErrorOrNothing(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GateError);
    const category = (err as GateError).category;
    expect(category === undefined || FAILURE_CATEGORIES.includes(category)).toBe(true);
    expect(FAILURE_CATEGORIES).toContain(classifyFailure(err).category);
  }
}

describe('the HTTP checks on random bodies', () => {
  const checks = createChecks(parseSettings({ 'base-url': 'http://127.0.0.1:1' }).protocol);
  const shapes = [agentsShape, mcpServersShape, messagesShape, threadListShape, threadShape];

  it('accept or refuse with a GateError, for every documented shape', () => {
    fc.assert(
      fc.property(
        anyBody,
        fc.constantFrom(...STATUSES),
        fc.constantFrom(...CONTENT_TYPES),
        (body, status, type) => {
          const res: HttpResponse = {
            method: 'GET' as HttpMethod,
            path: '/api/x',
            status,
            headers: type ? { 'content-type': type } : {},
            body,
            text: JSON.stringify(body) ?? '',
            durationMs: 1,
          };
          expectGateErrorOrNothing(() => checks.expectStatus(res, [200, 201]));
          for (const shape of shapes) {
            // a shape answers with a problem string or nothing, and never throws itself
            const problem = shape(body, 'body');
            expect(problem === undefined || typeof problem === 'string').toBe(true);
            expectGateErrorOrNothing(() => checks.expectBody(res, shape, 'body'));
            expectGateErrorOrNothing(() => checks.expectShape(body, shape, 'body'));
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

/** A service that answers each request, and each upgrade, with the next random answer. */
let server: Loopback | undefined;
let answers: Answer[] = [];
let served = 0;
const nextAnswer = (): Answer => answers[served++ % answers.length];

function headersOf(a: Answer, length: number): Record<string, string> {
  const h: Record<string, string> = { 'content-length': String(length) };
  if (a.contentType) h['content-type'] = a.contentType;
  if (a.status === 301 || a.status === 302) h.location = '/elsewhere';
  if (a.status === 429) h['retry-after'] = '1';
  return h;
}

beforeAll(async () => {
  server = await httpServer(
    (_req: IncomingMessage, res: ServerResponse) => {
      const a = nextAnswer();
      const text = a.status === 204 ? '' : a.text;
      res.writeHead(a.status, headersOf(a, Buffer.byteLength(text))).end(text);
    },
    (_req: IncomingMessage, socket: Socket) => {
      const a = nextAnswer();
      const head = Object.entries(headersOf(a, Buffer.byteLength(a.text)))
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.on('error', () => undefined);
      socket.end(`HTTP/1.1 ${a.status} Random\r\n${head}connection: close\r\n\r\n${a.text}`);
    },
  );
});
afterAll(async () => server?.close());

function settingsFor(url: string): Settings {
  const s = parseSettings({
    'base-url': url,
    'jwt-secret': 'hostile-property-secret-of-at-least-32-bytes',
    'wait-for-ready': '0',
    'concurrent-users': '3',
    'concurrent-sessions': '2',
  });
  return {
    ...s,
    protocol: {
      ...s.protocol,
      requestTimeoutMs: 1_000,
      timing: { eventWithinMs: 500, runWithinMs: 1_000, maxGapMs: 500 },
    },
  };
}

/** Runs one test body as the runner would, and returns what it threw (or undefined). */
async function runBody(
  test: SuiteTest,
  factory: ReturnType<typeof createSuiteContext>,
): Promise<unknown> {
  const abort = new AbortController();
  const ctx = factory({
    test,
    attempt: 1,
    signal: abort.signal,
    metrics: { record: () => undefined },
    evidence: { add: () => undefined, entries: () => [] },
  });
  let timer: NodeJS.Timeout | undefined;
  // every request has a 1 s timeout: a body still running after 8 s is stuck
  const hung = new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), 8_000)));
  const ran = test.run(ctx).then(
    () => ({ thrown: undefined as unknown }),
    (err: unknown) => ({ thrown: err }),
  );
  const outcome = await Promise.race([ran, hung]);
  clearTimeout(timer);
  abort.abort();
  if (outcome === 'hung') throw new Error(`${test.id} did not end within 8 s`);
  return outcome.thrown;
}

describe('the suite’s test bodies against random answers', () => {
  it('pass, or fail with a classified GateError; never crash on what they read', async () => {
    const settings = settingsFor(server?.url ?? '');
    const tests = buildSuite(settings.protocol).flatMap((m) => m.tests) as SuiteTest[];
    const seen = { passed: 0, failed: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 12 }), async (list) => {
        answers = list;
        served = 0;
        const factory = createSuiteContext(settings);
        try {
          const thrown = await Promise.all(tests.map((t) => runBody(t, factory)));
          thrown.forEach((err, i) => {
            if (err === undefined) {
              seen.passed++;
              return;
            }
            seen.failed++;
            const id = tests[i].id;
            expect(err, `${id}: ${String(err)}`).toBeInstanceOf(GateError);
            const failure = classifyFailure(err);
            expect(FAILURE_CATEGORIES, id).toContain(failure.category);
            // what a check did not name, the wire facts must: never the catch-all
            if ((err as GateError).category === undefined) {
              expect(failure.category, `${id}: ${failure.message}`).not.toBe('assertion');
            }
          });
        } finally {
          factory.close();
        }
      }),
      { numRuns: 25 },
    );
    expect(seen.failed).toBeGreaterThan(0);
    expect(seen.passed).toBeGreaterThan(0);
  }, 60_000);
});
