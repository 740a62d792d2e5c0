/**
 * `extraTests` of suite-config: HTTP checks a deployment adds to the suite without code.
 * Ids come out as `module/name` like every suite test; `module` defaults to `extra`.
 */
import type { ExtraHttpTest } from './protocol.js';
import {
  boolean,
  checkKeys,
  fail,
  integerIn,
  isMapping,
  listOf,
  nonEmptyString,
  urlPath,
  type Check,
} from './suite-checks.js';

const METHODS: readonly ExtraHttpTest['method'][] = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'HEAD',
];
/** The keys of one extra test, in the order docs/SUITE-CONFIG.md lists them. */
export const EXTRA_TEST_KEYS = [
  'id',
  'module',
  'title',
  'priority',
  'method',
  'path',
  'auth',
  'body',
  'expectStatus',
  'expectKeys',
];
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const MAX_EXTRA_TESTS = 200;

const segment: Check<string> = (v, at) =>
  typeof v === 'string' && SEGMENT.test(v)
    ? v
    : fail(at, 'must be a name of letters, digits, dots, dashes and underscores', v);

const method: Check<ExtraHttpTest['method']> = (v, at) => {
  const upper = typeof v === 'string' ? v.toUpperCase() : '';
  const match = METHODS.find((m) => m === upper);
  return match ?? fail(at, `must be one of ${METHODS.join(', ')}`, v);
};

const status = integerIn(100, 599);

/** One status or a list of them. */
const expectStatus: Check<number[]> = (v, at) =>
  Array.isArray(v) ? listOf(status, { nonEmpty: true, max: 50 })(v, at) : [status(v, at)];

/** Any JSON value; serialized here so that an unsendable body fails now, not mid-run. */
const jsonBody: Check<unknown> = (v, at) => {
  try {
    if (JSON.stringify(v) === undefined) return fail(at, 'must be a JSON value');
  } catch {
    return fail(at, 'must be a JSON value that can be sent');
  }
  return v;
};

/**
 * `id` may be `name` (module from `module`, else `defaultModule`) or `module/name` (which
 * must agree with `module`). Extra tests and scenarios name their tests alike.
 */
export function testIds(
  v: Record<string, unknown>,
  at: string,
  defaultModule: string,
): { id: string; module: string } {
  if (!Object.hasOwn(v, 'id')) fail(`${at}.id`, 'is required');
  const rawId = nonEmptyString(v.id, `${at}.id`);
  const givenModule = Object.hasOwn(v, 'module') ? segment(v.module, `${at}.module`) : undefined;
  const parts = rawId.split('/');
  if (parts.length > 2) fail(`${at}.id`, "must be 'name' or 'module/name'", v.id);
  const name = segment(parts[parts.length - 1], `${at}.id`);
  const idModule = parts.length === 2 ? segment(parts[0], `${at}.id`) : undefined;
  if (idModule !== undefined && givenModule !== undefined && idModule !== givenModule) {
    fail(`${at}.module`, `must match the module of id '${rawId}'`, v.module);
  }
  const module = idModule ?? givenModule ?? defaultModule;
  return { id: `${module}/${name}`, module };
}

export const extraTest: Check<ExtraHttpTest> = (v, at) => {
  if (!isMapping(v)) return fail(at, 'must be a mapping with at least id and path', v);
  checkKeys(v, EXTRA_TEST_KEYS, at);
  const { id, module } = testIds(v, at, 'extra');
  if (!Object.hasOwn(v, 'path')) fail(`${at}.path`, 'is required');
  const path = urlPath(v.path, `${at}.path`);
  const m = Object.hasOwn(v, 'method') ? method(v.method, `${at}.method`) : 'GET';
  const test: ExtraHttpTest = {
    id,
    module,
    title: Object.hasOwn(v, 'title') ? nonEmptyString(v.title, `${at}.title`) : `${m} ${path}`,
    priority: Object.hasOwn(v, 'priority') ? integerIn(1, 99)(v.priority, `${at}.priority`) : 1,
    method: m,
    path,
    // most API routes need the bearer; a public one says `auth: false`
    auth: Object.hasOwn(v, 'auth') ? boolean(v.auth, `${at}.auth`) : true,
    expectStatus: Object.hasOwn(v, 'expectStatus')
      ? expectStatus(v.expectStatus, `${at}.expectStatus`)
      : [200],
    expectKeys: Object.hasOwn(v, 'expectKeys')
      ? listOf(nonEmptyString, { nonEmpty: false, max: 100 })(v.expectKeys, `${at}.expectKeys`)
      : [],
  };
  if (Object.hasOwn(v, 'body')) {
    if (m === 'GET' || m === 'HEAD') fail(`${at}.body`, `is not allowed with method ${m}`);
    test.body = jsonBody(v.body, `${at}.body`);
  }
  return test;
};

export const extraTests: Check<ExtraHttpTest[]> = (v, at) => {
  const tests = listOf(extraTest, { nonEmpty: false, max: MAX_EXTRA_TESTS })(v, at);
  const seen = new Set<string>();
  tests.forEach((t, i) => {
    if (seen.has(t.id)) fail(`${at}[${i}].id`, `repeats the test id '${t.id}'`);
    seen.add(t.id);
  });
  return tests;
};
