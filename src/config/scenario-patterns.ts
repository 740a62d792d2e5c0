/**
 * The checks for what scenario steps match and keep: patterns (the JSON subset with
 * `$type` / `$regex` / `$exists`), repeats, captures by JSONPath, metric names. Each takes
 * an untrusted value and its key path, like every suite-config check.
 */
import { METRIC_NAMES, type MetricName } from '../model.js';
import { didYouMean } from './did-you-mean.js';
import { parseJsonPath } from './json-path.js';
import {
  FRAME_KEYS,
  OPERATORS,
  TYPE_NAMES,
  varsIn,
  type Captures,
  type Pattern,
  type Repeat,
} from './scenario-types.js';
import { checkKeys, fail, isMapping, nonEmptyString, type Check } from './suite-checks.js';

const MAX_DEPTH = 20;
const MAX_REGEX = 1_000;
export const MAX_REPEAT = 10_000;
const CAPTURE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const CUSTOM_METRIC = /^custom:[a-z][a-z0-9_]{0,62}$/;

/** Names a value uses as `${name}`, collected while checking. */
export type VarUses = { name: string; at: string }[];

function checkOperator(v: Record<string, unknown>, at: string): void {
  for (const [key, arg] of Object.entries(v)) {
    const path = `${at}.${key}`;
    if (key === '$type') {
      if (typeof arg !== 'string' || !(TYPE_NAMES as readonly string[]).includes(arg)) {
        fail(path, `must be one of ${TYPE_NAMES.join(', ')}`, arg);
      }
    } else if (key === '$regex') {
      if (typeof arg !== 'string' || arg.length === 0 || arg.length > MAX_REGEX) {
        fail(path, `must be a regular expression of 1 to ${MAX_REGEX} characters`, arg);
      }
      try {
        new RegExp(arg);
      } catch (err) {
        fail(
          path,
          `is not a valid regular expression (${err instanceof Error ? err.message : 'invalid'})`,
          arg,
        );
      }
    } else if (key === '$exists') {
      if (typeof arg !== 'boolean') fail(path, 'must be true or false', arg);
    }
  }
}

/**
 * A pattern. `frame`: the top level may use `$event` / `$data` (a frame pattern). Every
 * `${name}` it uses is added to `uses`.
 */
export function pattern(frame: boolean, uses: VarUses): Check<Pattern> {
  const walk = (v: unknown, at: string, depth: number, top: boolean): void => {
    if (depth > MAX_DEPTH) fail(at, `nests deeper than ${MAX_DEPTH} levels`);
    if (typeof v === 'string') {
      for (const name of varsIn(v)) uses.push({ name, at });
      return;
    }
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${at}[${i}]`, depth + 1, false));
      return;
    }
    if (!isMapping(v)) fail(at, 'must be a JSON value', v);
    const keys = Object.keys(v);
    const dollar = keys.filter((k) => k.startsWith('$'));
    const ops = dollar.filter((k) => (OPERATORS as readonly string[]).includes(k));
    const frameKeys = dollar.filter((k) => (FRAME_KEYS as readonly string[]).includes(k));
    const unknown = dollar.filter((k) => !ops.includes(k) && !frameKeys.includes(k));
    if (unknown.length > 0) {
      const known = top && frame ? [...OPERATORS, ...FRAME_KEYS] : [...OPERATORS];
      fail(
        `${at}.${unknown[0]}`,
        `is not an operator (known: ${known.join(', ')})${didYouMean(unknown[0], known, (k) => `'${k}'`)}`,
      );
    }
    if (frameKeys.length > 0 && !(top && frame)) {
      fail(`${at}.${frameKeys[0]}`, 'is allowed only at the top level of a frame pattern');
    }
    if (ops.length > 0) {
      if (ops.length !== keys.length) {
        fail(
          at,
          `mixes operators (${ops.join(', ')}) with keys; put the keys in a mapping of their own`,
        );
      }
      checkOperator(v, at);
      if (typeof v.$regex === 'string')
        for (const name of varsIn(v.$regex)) uses.push({ name, at: `${at}.$regex` });
      return;
    }
    for (const key of keys) walk(v[key], `${at}.${key}`, depth + 1, false);
  };
  return (v, at) => {
    walk(v, at, 0, true);
    if (isMapping(v) && Object.keys(v).length === 0) {
      fail(at, 'is an empty mapping, which matches everything: name at least one key to check');
    }
    return v;
  };
}

/** `1`, `N`, `1+`, `0+`. */
export const repeat: Check<Repeat> = (v, at) => {
  if (v === '1+' || v === '0+') return { min: v === '1+' ? 1 : 0, max: Infinity };
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_REPEAT)
    return { min: n, max: n };
  return fail(at, `must be 1+, 0+ or a whole number from 1 to ${MAX_REPEAT}`, v);
};

export const captures: Check<Captures> = (v, at) => {
  if (!isMapping(v)) return fail(at, 'must be a mapping of name: JSONPath ($.a.b[0])', v);
  const out: Captures = {};
  for (const [name, source] of Object.entries(v)) {
    if (!CAPTURE_NAME.test(name))
      fail(`${at}.${name}`, 'must be named with letters, digits and underscores');
    const text = nonEmptyString(source, `${at}.${name}`);
    const path = parseJsonPath(text.trim());
    if (!path)
      fail(`${at}.${name}`, "must be a JSONPath of the subset $, .key, ['key'], [0]", source);
    out[name] = { path, source: text.trim() };
  }
  if (Object.keys(out).length === 0) fail(at, 'must capture at least one name');
  return out;
};

/** A built-in metric, or `custom:<name>` (which then needs a target in perfTargets). */
export const metricName: Check<MetricName> = (v, at) => {
  if (typeof v === 'string' && (METRIC_NAMES as readonly string[]).includes(v))
    return v as MetricName;
  if (typeof v === 'string' && CUSTOM_METRIC.test(v)) return v as MetricName;
  const hint = typeof v === 'string' ? didYouMean(v, METRIC_NAMES, (k) => `'${k}'`) : '';
  return fail(
    at,
    `must be a metric (${METRIC_NAMES.join(', ')}) or one of your own named custom:<snake_case>${hint}`,
    v,
  );
};

export { checkKeys };
