/**
 * `scenarios` of suite-config (INTERFACE.md §6): a team's own tests as steps, checked here,
 * at load, so that a bad scenario is one InputError before any request. Beyond the shape,
 * the checks refuse what would make a test that cannot fail (an `expect` with nothing to
 * check, a sequence of `0+` only, a pattern `{}`), a `${name}` no earlier step captures,
 * and a step on a channel that is not open.
 */
import type { MetricName } from '../model.js';
import { testIds } from './extra-tests.js';
import { captures, metricName, pattern, repeat, type VarUses } from './scenario-patterns.js';
import type {
  Captures,
  ExpectSpec,
  HttpTarget,
  Scenario,
  ScenarioMethod,
  ScenarioStep,
  SequenceElement,
  SequenceItem,
  SequenceSpec,
  TokenKind,
  WsAuth,
} from './scenario-types.js';
import { varsIn } from './scenario-types.js';
import {
  boolean,
  checkKeys,
  choice,
  fail,
  integerIn,
  isMapping,
  listOf,
  nonEmptyString,
  positiveMs,
  string,
  urlPath,
  type Check,
} from './suite-checks.js';

export const MAX_SCENARIOS = 200;
const MAX_STEPS = 100;
const MAX_ELEMENTS = 100;
export const MAX_SLEEP_MS = 60_000;
const MAX_USER = 50;
const CHANNEL = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
const ACTIONS = ['request', 'connect', 'send', 'stream', 'expect', 'close', 'sleep'] as const;
type Action = (typeof ACTIONS)[number];
const STEP_KEYS = [...ACTIONS, 'user', 'timeout', 'capture', 'on'];
const METHODS: readonly ScenarioMethod[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const TOKENS: readonly TokenKind[] = ['valid', 'wrong-signature', 'expired', 'malformed'];
const WS_AUTH: readonly WsAuth[] = ['header', 'subprotocol', 'query', 'none'];
const status = integerIn(100, 599);
const closeCode = integerIn(1000, 4999);

/** What the checks of one scenario learn as they walk its steps in order. */
interface Walk {
  captured: Set<string>;
  uses: VarUses;
  channels: Map<string, 'ws' | 'sse'>;
  /** the channel a step without `on` acts on */
  current?: 'ws' | 'sse';
  metrics: Set<MetricName>;
}

const stringMap: Check<Record<string, string>> = (v, at) => {
  if (!isMapping(v)) return fail(at, 'must be a mapping of names to strings', v);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/.test(k)) fail(`${at}.${k}`, 'is not a valid name');
    if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
    else out[k] = string(x, `${at}.${k}`);
  }
  return out;
};

const jsonValue: Check<unknown> = (v, at) => {
  try {
    if (JSON.stringify(v) === undefined) return fail(at, 'must be a JSON value');
  } catch {
    return fail(at, 'must be a JSON value that can be sent');
  }
  return v;
};

/** The `${name}`s a value the step sends uses (paths, headers, bodies). */
function useVars(walk: Walk, value: unknown, at: string): void {
  if (typeof value === 'string') {
    for (const name of varsIn(value)) walk.uses.push({ name, at });
  } else if (Array.isArray(value)) value.forEach((x, i) => useVars(walk, x, `${at}[${i}]`));
  else if (isMapping(value))
    for (const [k, x] of Object.entries(value)) useVars(walk, x, `${at}.${k}`);
}

/** Every `${name}` used so far must be captured by then. */
function settleUses(walk: Walk): void {
  for (const use of walk.uses.splice(0)) {
    if (walk.captured.has(use.name)) continue;
    const known = [...walk.captured];
    fail(
      use.at,
      `uses \${${use.name}}, which no earlier step or element captures (${known.length > 0 ? `captured so far: ${known.join(', ')}` : 'nothing is captured before it'})`,
    );
  }
}

function addCaptures(walk: Walk, c: Captures): void {
  for (const name of Object.keys(c)) walk.captured.add(name);
}

function httpTarget(v: unknown, at: string, walk: Walk, extra: string[]): HttpTarget {
  if (!isMapping(v)) return fail(at, 'must be a mapping with at least path', v);
  checkKeys(v, ['method', 'path', 'auth', 'token', 'json', 'headers', 'query', ...extra], at);
  if (!Object.hasOwn(v, 'path')) fail(`${at}.path`, 'is required');
  const path = urlPath(v.path, `${at}.path`);
  useVars(walk, path, `${at}.path`);
  const upper = typeof v.method === 'string' ? v.method.toUpperCase() : v.method;
  const method = Object.hasOwn(v, 'method')
    ? choice(METHODS)(upper, `${at}.method`)
    : Object.hasOwn(v, 'json')
      ? 'POST'
      : 'GET';
  const token = Object.hasOwn(v, 'token') ? choice(TOKENS)(v.token, `${at}.token`) : 'valid';
  // most routes need the bearer (as extraTests); a public one says `auth: false`
  const auth = Object.hasOwn(v, 'auth') ? boolean(v.auth, `${at}.auth`) : true;
  if (!auth && token !== 'valid') fail(`${at}.token`, 'needs auth: true (or leave auth out)');
  const target: HttpTarget = {
    method,
    path,
    auth,
    token,
    headers: Object.hasOwn(v, 'headers') ? stringMap(v.headers, `${at}.headers`) : {},
    query: Object.hasOwn(v, 'query') ? stringMap(v.query, `${at}.query`) : {},
  };
  useVars(walk, target.headers, `${at}.headers`);
  useVars(walk, target.query, `${at}.query`);
  if (Object.hasOwn(v, 'json')) {
    target.json = jsonValue(v.json, `${at}.json`);
    useVars(walk, target.json, `${at}.json`);
  }
  if ((method === 'GET' || method === 'DELETE') && target.json !== undefined) {
    fail(`${at}.json`, `is not allowed with method ${method}`);
  }
  return target;
}

function element(v: unknown, at: string, walk: Walk): SequenceElement {
  if (!isMapping(v))
    return fail(at, 'must be a mapping with match (and repeat, capture, metric, within)', v);
  checkKeys(v, ['match', 'repeat', 'capture', 'metric', 'within'], at);
  if (!Object.hasOwn(v, 'match')) fail(`${at}.match`, 'is required');
  const el: SequenceElement = {
    match: pattern(true, walk.uses)(v.match, `${at}.match`),
    repeat: Object.hasOwn(v, 'repeat') ? repeat(v.repeat, `${at}.repeat`) : { min: 1, max: 1 },
    capture: Object.hasOwn(v, 'capture') ? captures(v.capture, `${at}.capture`) : {},
  };
  // an element's pattern may use what earlier elements captured, not its own captures
  settleUses(walk);
  addCaptures(walk, el.capture);
  if (Object.hasOwn(v, 'metric')) {
    el.metric = metricName(v.metric, `${at}.metric`);
    walk.metrics.add(el.metric);
  }
  if (Object.hasOwn(v, 'within')) el.within = positiveMs(v.within, `${at}.within`);
  if (el.repeat.min === 0 && (el.metric || el.within !== undefined)) {
    fail(`${at}.${el.metric ? 'metric' : 'within'}`, 'needs a repeat that must match (not 0+)');
  }
  return el;
}

function sequenceItem(v: unknown, at: string, walk: Walk): SequenceItem {
  if (isMapping(v) && Object.hasOwn(v, 'anyOrder')) {
    checkKeys(v, ['anyOrder'], at);
    const elements = listOf((x, a) => element(x, a, walk), { nonEmpty: true, max: MAX_ELEMENTS })(
      v.anyOrder,
      `${at}.anyOrder`,
    );
    return { kind: 'anyOrder', elements };
  }
  return { kind: 'one', element: element(v, at, walk) };
}

const SEQUENCE_KEYS = [
  'frame',
  'sequence',
  'ignore',
  'within',
  'maxGap',
  'strict',
  'end',
  'closeCode',
];

function expectSpec(
  v: unknown,
  at: string,
  walk: Walk,
  action: Action,
  allowed: string[],
): ExpectSpec {
  if (!isMapping(v)) return fail(at, 'must be a mapping of what to check', v);
  checkKeys(v, allowed, at);
  const has = (k: string): boolean => Object.hasOwn(v, k);
  const out: ExpectSpec = {};
  if (has('status')) {
    out.status = Array.isArray(v.status)
      ? listOf(status, { nonEmpty: true, max: 50 })(v.status, `${at}.status`)
      : [status(v.status, `${at}.status`)];
  }
  if (has('refused')) {
    if (v.refused !== true)
      fail(`${at}.refused`, 'must be true (leave it out otherwise)', v.refused);
    if (has('status'))
      fail(`${at}.refused`, 'and status cannot both be given: refused means 401 or 403');
    out.refused = true;
  }
  if (has('json')) {
    out.json = pattern(false, walk.uses)(v.json, `${at}.json`);
    settleUses(walk);
  }
  if (has('frame') && has('sequence')) fail(`${at}.frame`, 'and sequence cannot both be given');
  let items: SequenceItem[] | undefined;
  if (has('frame')) {
    items = [
      {
        kind: 'one',
        element: {
          match: pattern(true, walk.uses)(v.frame, `${at}.frame`),
          repeat: { min: 1, max: 1 },
          capture: {},
        },
      },
    ];
    settleUses(walk);
  } else if (has('sequence')) {
    items = listOf((x, a) => sequenceItem(x, a, walk), { nonEmpty: true, max: MAX_ELEMENTS })(
      v.sequence,
      `${at}.sequence`,
    );
  }
  const modifiers = ['ignore', 'within', 'maxGap', 'strict'].filter(has);
  const ending = has('end') || has('closeCode');
  if (items || ending || modifiers.length > 0) {
    if (out.refused) fail(`${at}.refused`, 'cannot be combined with frames to await');
    const spec: SequenceSpec = {
      items: items ?? [],
      ignore: has('ignore')
        ? listOf(pattern(true, walk.uses), { nonEmpty: true, max: 50 })(v.ignore, `${at}.ignore`)
        : [],
      strict: has('strict') ? boolean(v.strict, `${at}.strict`) : false,
    };
    settleUses(walk);
    if (has('within')) spec.within = positiveMs(v.within, `${at}.within`);
    if (has('maxGap')) spec.maxGap = positiveMs(v.maxGap, `${at}.maxGap`);
    if (has('end')) spec.end = choice(['closed'] as const)(v.end, `${at}.end`);
    if (has('closeCode')) {
      if (walk.current !== 'ws' && action !== 'connect')
        fail(`${at}.closeCode`, 'applies to a WebSocket only');
      spec.closeCode = Array.isArray(v.closeCode)
        ? listOf(closeCode, { nonEmpty: true, max: 20 })(v.closeCode, `${at}.closeCode`)
        : [closeCode(v.closeCode, `${at}.closeCode`)];
    }
    const mustMatch = spec.items.some((item) =>
      (item.kind === 'one' ? [item.element] : item.elements).some((e) => e.repeat.min > 0),
    );
    if (!mustMatch && !ending) {
      fail(
        at,
        spec.items.length === 0
          ? `checks nothing: ${modifiers.join(', ')} only shape a frame, sequence or end to check`
          : 'checks nothing: every element of the sequence may match zero times (0+)',
      );
    }
    out.sequence = spec;
  }
  if (!out.status && !out.refused && out.json === undefined && !out.sequence) {
    fail(
      at,
      `checks nothing: give one of ${allowed.filter((k) => !['ignore', 'within', 'maxGap', 'strict'].includes(k)).join(', ')}`,
    );
  }
  return out;
}

function channelFor(
  walk: Walk,
  on: string | undefined,
  at: string,
  need: 'ws' | 'any',
): 'ws' | 'sse' {
  const kind = on !== undefined ? walk.channels.get(on) : walk.current;
  if (kind === undefined) {
    fail(
      on !== undefined ? `${at}.on` : at,
      on !== undefined
        ? `names '${on}', which no earlier connect or stream step opened`
        : need === 'ws'
          ? 'needs a WebSocket: put a connect step before it'
          : 'needs a WebSocket or a stream: put a connect or stream step before it',
    );
  }
  if (need === 'ws' && kind !== 'ws') fail(at, 'needs a WebSocket, but the channel is a stream');
  return kind;
}

function channelName(
  v: Record<string, unknown>,
  at: string,
  walk: Walk,
  kind: 'ws' | 'sse',
): string | undefined {
  if (!Object.hasOwn(v, 'name')) return undefined;
  const name =
    typeof v.name === 'string' && CHANNEL.test(v.name)
      ? v.name
      : fail(`${at}.name`, 'must be a short name of letters, digits, - and _', v.name);
  if (walk.channels.has(name)) fail(`${at}.name`, `repeats the channel name '${name}'`);
  walk.channels.set(name, kind);
  return name;
}

function step(v: unknown, at: string, walk: Walk): ScenarioStep {
  if (!isMapping(v)) return fail(at, `must be a mapping with one of ${ACTIONS.join(', ')}`, v);
  checkKeys(v, STEP_KEYS, at);
  const actions = ACTIONS.filter(
    (a) =>
      Object.hasOwn(v, a) &&
      !(a === 'expect' && ACTIONS.some((b) => b !== 'expect' && Object.hasOwn(v, b))),
  );
  if (actions.length === 0) fail(at, `needs one of ${ACTIONS.join(', ')}`);
  if (actions.length > 1) fail(at, `has ${actions.join(' and ')}: one action per step`);
  const action = actions[0];
  const base = {
    label: `${at.replace(/^.*\./, '')} (${action})`,
    user: Object.hasOwn(v, 'user') ? integerIn(1, MAX_USER)(v.user, `${at}.user`) : 1,
    ...(Object.hasOwn(v, 'timeout') ? { timeoutMs: positiveMs(v.timeout, `${at}.timeout`) } : {}),
  };
  const on = Object.hasOwn(v, 'on') ? nonEmptyString(v.on, `${at}.on`) : undefined;
  if (on !== undefined && !['send', 'expect', 'close'].includes(action))
    fail(`${at}.on`, `is for send, expect and close steps, not ${action}`);
  if (Object.hasOwn(v, 'capture') && action !== 'request')
    fail(`${at}.capture`, `is for request steps; in a sequence, capture on an element`);
  const body = v[action];
  const expectAt = `${at}.expect`;
  switch (action) {
    case 'request': {
      const target = httpTarget(body, `${at}.request`, walk, []);
      settleUses(walk);
      const expect = Object.hasOwn(v, 'expect')
        ? expectSpec(v.expect, expectAt, walk, action, ['status', 'json', 'refused'])
        : {};
      const capture = Object.hasOwn(v, 'capture') ? captures(v.capture, `${at}.capture`) : {};
      addCaptures(walk, capture);
      return { ...base, kind: 'request', target, expect, capture };
    }
    case 'stream': {
      const target = httpTarget(body, `${at}.stream`, walk, ['name']);
      settleUses(walk);
      const name = channelName(body as Record<string, unknown>, `${at}.stream`, walk, 'sse');
      walk.current = 'sse';
      const expect = Object.hasOwn(v, 'expect')
        ? expectSpec(v.expect, expectAt, walk, action, ['status', 'refused', ...SEQUENCE_KEYS])
        : {};
      return { ...base, kind: 'stream', target, ...(name ? { name } : {}), expect };
    }
    case 'connect': {
      const c = body ?? {};
      if (!isMapping(c))
        return fail(
          `${at}.connect`,
          'must be a mapping (path, auth, token, headers, query, name)',
          c,
        );
      checkKeys(c, ['path', 'auth', 'token', 'headers', 'query', 'name'], `${at}.connect`);
      const path = Object.hasOwn(c, 'path') ? urlPath(c.path, `${at}.connect.path`) : '';
      useVars(walk, path, `${at}.connect.path`);
      const auth = Object.hasOwn(c, 'auth')
        ? choice(WS_AUTH)(c.auth, `${at}.connect.auth`)
        : 'header';
      const token = Object.hasOwn(c, 'token')
        ? choice(TOKENS)(c.token, `${at}.connect.token`)
        : 'valid';
      if (auth === 'none' && token !== 'valid')
        fail(
          `${at}.connect.token`,
          'needs an auth transport (header, subprotocol or query), not none',
        );
      const headers = Object.hasOwn(c, 'headers')
        ? stringMap(c.headers, `${at}.connect.headers`)
        : {};
      const query = Object.hasOwn(c, 'query') ? stringMap(c.query, `${at}.connect.query`) : {};
      useVars(walk, headers, `${at}.connect.headers`);
      useVars(walk, query, `${at}.connect.query`);
      settleUses(walk);
      const name = channelName(c, `${at}.connect`, walk, 'ws');
      walk.current = 'ws';
      const expect = Object.hasOwn(v, 'expect')
        ? expectSpec(v.expect, expectAt, walk, action, ['status', 'refused', ...SEQUENCE_KEYS])
        : {};
      return {
        ...base,
        kind: 'connect',
        path,
        auth,
        token,
        headers,
        query,
        ...(name ? { name } : {}),
        expect,
      };
    }
    case 'send': {
      channelFor(walk, on, at, 'ws');
      if (!isMapping(body)) return fail(`${at}.send`, 'must be a mapping with json or text', body);
      checkKeys(body, ['json', 'text'], `${at}.send`);
      const hasJson = Object.hasOwn(body, 'json');
      if (hasJson === Object.hasOwn(body, 'text'))
        fail(`${at}.send`, 'takes exactly one of json and text');
      const out = hasJson
        ? { json: jsonValue(body.json, `${at}.send.json`) }
        : { text: string(body.text, `${at}.send.text`) };
      useVars(walk, hasJson ? out.json : out.text, `${at}.send.${hasJson ? 'json' : 'text'}`);
      settleUses(walk);
      if (Object.hasOwn(v, 'expect'))
        fail(expectAt, 'follows a send as its own step: - expect: {...}');
      return { ...base, kind: 'send', ...(on ? { on } : {}), ...out };
    }
    case 'expect': {
      const kind = channelFor(walk, on, at, 'any');
      const saved = walk.current;
      walk.current = kind;
      const expect = expectSpec(body, expectAt, walk, action, SEQUENCE_KEYS);
      walk.current = saved;
      return { ...base, kind: 'expect', ...(on ? { on } : {}), expect };
    }
    case 'close': {
      channelFor(walk, on, at, 'ws');
      const c = body ?? {};
      if (!isMapping(c)) return fail(`${at}.close`, 'must be a mapping (code, reason) or empty', c);
      checkKeys(c, ['code', 'reason'], `${at}.close`);
      const code = Object.hasOwn(c, 'code')
        ? integerIn(1000, 4999)(c.code, `${at}.close.code`)
        : 1000;
      if (code !== 1000 && code < 3000)
        fail(
          `${at}.close.code`,
          'must be 1000 or from 3000 to 4999 (a client may not send the others)',
          c.code,
        );
      const reason = Object.hasOwn(c, 'reason') ? string(c.reason, `${at}.close.reason`) : '';
      if (Buffer.byteLength(reason) > 123) fail(`${at}.close.reason`, 'must be at most 123 bytes');
      if (Object.hasOwn(v, 'expect'))
        fail(expectAt, 'is not taken by close; the close handshake itself is checked');
      return { ...base, kind: 'close', ...(on ? { on } : {}), code, reason };
    }
    case 'sleep': {
      const ms = positiveMs(body, `${at}.sleep`);
      if (ms > MAX_SLEEP_MS) fail(`${at}.sleep`, `must be at most ${MAX_SLEEP_MS} ms`, body);
      if (Object.hasOwn(v, 'expect')) fail(expectAt, 'is not taken by sleep');
      return { ...base, kind: 'sleep', ms };
    }
  }
}

export const scenario: Check<Scenario> = (v, at) => {
  if (!isMapping(v)) return fail(at, 'must be a mapping with id and steps', v);
  checkKeys(v, ['id', 'module', 'title', 'priority', 'steps'], at);
  const { id, module } = testIds(v, at, 'scenarios');
  if (!Object.hasOwn(v, 'steps')) fail(`${at}.steps`, 'is required');
  const walk: Walk = { captured: new Set(), uses: [], channels: new Map(), metrics: new Set() };
  const steps = listOf((x, a) => step(x, a, walk), { nonEmpty: true, max: MAX_STEPS })(
    v.steps,
    `${at}.steps`,
  );
  return {
    id,
    module,
    title: Object.hasOwn(v, 'title') ? nonEmptyString(v.title, `${at}.title`) : id,
    priority: Object.hasOwn(v, 'priority') ? integerIn(1, 99)(v.priority, `${at}.priority`) : 1,
    steps,
    metrics: [...walk.metrics],
  };
};

export const scenarios: Check<Scenario[]> = (v, at) => {
  const list = listOf(scenario, { nonEmpty: false, max: MAX_SCENARIOS })(v, at);
  const seen = new Set<string>();
  list.forEach((s, i) => {
    if (seen.has(s.id)) fail(`${at}[${i}].id`, `repeats the scenario id '${s.id}'`);
    seen.add(s.id);
  });
  return list;
};
