/**
 * Typed checks for suite-config values. Each check takes an untrusted value parsed from
 * YAML/JSON and the key path it came from, and returns the typed value or throws an
 * InputError for `suite-config` naming that key path. Nothing here trusts the shape of
 * its input: property tests feed it arbitrary documents.
 */
import { didYouMean } from './did-you-mean.js';
import { printable } from './printable.js';
import { InputError } from './settings.js';

export type Check<T> = (value: unknown, at: string) => T;

export const INPUT = 'suite-config';
const SHOWN_MAX = 60;
/** Keeps every ms value below setTimeout's 2^31 limit, where timers fire at once. */
export const MAX_MS = 86_400_000;

/** How a bad value is shown: JSON for scalars (strings quoted), a kind for containers. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    const cut = value.length > SHOWN_MAX ? `${value.slice(0, SHOWN_MAX)}…` : value;
    return JSON.stringify(cut).replace(/[\u2028\u2029]/g, (c) => printable(c));
  }
  return typeof value;
}

/** `got` is a rest parameter so that a bad `undefined` and no value at all stay distinct. */
export function fail(at: string, problem: string, ...got: [unknown?]): never {
  const shownGot = got.length > 0 ? `, got ${describeValue(got[0])}` : '';
  throw new InputError(INPUT, `key '${at}' ${problem}${shownGot}`);
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const string: Check<string> = (v, at) =>
  typeof v === 'string' ? v : fail(at, 'must be a string', v);

export const nonEmptyString: Check<string> = (v, at) =>
  typeof v === 'string' && v.trim().length > 0 ? v : fail(at, 'must be a non-empty string', v);

/** A URL path: starts with `/`, no whitespace. */
export const urlPath: Check<string> = (v, at) =>
  typeof v === 'string' && /^\/\S*$/.test(v) && v.length <= 2000
    ? v
    : fail(at, "must be a path starting with '/' and without spaces", v);

/** A path with the `{id}` placeholder the tests fill with a thread id. */
export const templatePath: Check<string> = (v, at) => {
  const path = urlPath(v, at);
  return path.includes('{id}') ? path : fail(at, "must contain the placeholder '{id}'", v);
};

export const positiveMs: Check<number> = (v, at) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_MS
    ? v
    : fail(at, `must be a positive number of ms (at most ${MAX_MS})`, v);

export function integerIn(min: number, max: number): Check<number> {
  return (v, at) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? v
      : fail(at, `must be an integer from ${min} to ${max}`, v);
}

export const boolean: Check<boolean> = (v, at) =>
  typeof v === 'boolean' ? v : fail(at, 'must be true or false', v);

export function choice<T extends string>(choices: readonly T[]): Check<T> {
  return (v, at) =>
    typeof v === 'string' && (choices as readonly string[]).includes(v)
      ? (v as T)
      : fail(at, `must be one of ${choices.map((c) => `'${c}'`).join(', ')}`, v);
}

export function listOf<T>(item: Check<T>, opts: { nonEmpty: boolean; max: number }): Check<T[]> {
  return (v, at) => {
    if (!Array.isArray(v)) return fail(at, 'must be a list', v);
    if (opts.nonEmpty && v.length === 0) return fail(at, 'must not be an empty list');
    if (v.length > opts.max) return fail(at, `must have at most ${opts.max} entries`);
    return v.map((x, i) => item(x, `${at}[${i}]`));
  };
}

/**
 * The own keys of a mapping, refusing the unknown with a "did you mean" and the valid keys
 * of its section, so that a reader need not open the docs to find the right spelling.
 */
export function checkKeys(
  value: Record<string, unknown>,
  known: readonly string[],
  at: string,
  elsewhere: (key: string) => string | undefined = () => undefined,
): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const full = at ? `${at}.${key}` : key;
    const moved = elsewhere(key);
    const hint = moved
      ? `; did you mean '${moved}'?`
      : didYouMean(key, known, (k) => `'${at ? `${at}.${k}` : k}'`);
    const section = at ? `valid keys of '${at}'` : 'valid top-level keys';
    throw new InputError(
      INPUT,
      `unknown key '${printable(full, 120)}'${hint} (${section}: ${known.join(', ')})`,
    );
  }
}

/** A mapping checker that also tells its keys, for "did you mean" across sections. */
export type MappingCheck<T> = Check<Partial<T>> & { keys: readonly string[] };

/** A mapping whose keys each have a check; every key optional, unknown keys refused. */
export function mappingOf<T extends object>(shape: {
  [K in keyof T]-?: Check<T[K]>;
}): MappingCheck<T> {
  const known = Object.keys(shape);
  const check: Check<Partial<T>> = (v, at) => {
    if (!isMapping(v)) return fail(at, 'must be a mapping', v);
    checkKeys(v, known, at);
    const out: Partial<T> = {};
    for (const key of known as (keyof T & string)[]) {
      if (!Object.hasOwn(v, key)) continue;
      out[key] = shape[key](v[key], `${at}.${key}`);
    }
    return out;
  };
  return Object.assign(check, { keys: known });
}
