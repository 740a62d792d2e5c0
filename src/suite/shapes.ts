/**
 * The documented shapes of bodies and frames (PROTOCOL.md §2, §3), as tiny composable
 * checks. A check returns the first problem it finds ("data[0].status: expected
 * \"connected\", got \"down\""), or undefined. Unknown extra fields are always allowed.
 */

export type Shape = (value: unknown, at: string) => string | undefined;

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${show(value)}`;
}

export const anyValue: Shape = () => undefined;

export const nonEmptyString: Shape = (v, at) =>
  typeof v === 'string' && v.trim() !== ''
    ? undefined
    : `${at}: expected a non-empty string, got ${kind(v)}`;

export const isoTimestamp: Shape = (v, at) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v))
    ? undefined
    : `${at}: expected an ISO 8601 timestamp, got ${kind(v)}`;

export function literal(expected: string | number | boolean): Shape {
  return (v, at) =>
    v === expected ? undefined : `${at}: expected ${show(expected)}, got ${kind(v)}`;
}

export function oneOf(...options: Array<string | number>): Shape {
  return (v, at) =>
    options.includes(v as string | number)
      ? undefined
      : `${at}: expected one of ${options.map(show).join(', ')}, got ${kind(v)}`;
}

export function optional(shape: Shape): Shape {
  return (v, at) => (v === undefined ? undefined : shape(v, at));
}

/** An object with at least these fields (more are fine). */
export function object(
  fields: Record<string, Shape> = {},
  opts: { nonEmpty?: boolean } = {},
): Shape {
  return (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      return `${at}: expected an object, got ${kind(v)}`;
    }
    const record = v as Record<string, unknown>;
    if (opts.nonEmpty && Object.keys(record).length === 0)
      return `${at}: expected a non-empty object, got {}`;
    for (const [key, shape] of Object.entries(fields)) {
      const problem = shape(record[key], `${at}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

export function arrayOf(item: Shape, opts: { min?: number } = {}): Shape {
  return (v, at) => {
    if (!Array.isArray(v)) return `${at}: expected an array, got ${kind(v)}`;
    const min = opts.min ?? 0;
    if (v.length < min)
      return `${at}: expected at least ${min} entr${min === 1 ? 'y' : 'ies'}, got ${v.length}`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${at}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** The value at a dotted path (`build.sha`, `builds.0.sha`): the client's, the one reader. */
export { valueAtPath } from '../client/health.js';

/** PROTOCOL.md §2: every error response has a JSON error body of one of two shapes. */
export function isJsonError(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  const err = b.error;
  if (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as Record<string, unknown>).code === 'string'
  )
    return true;
  return typeof b.detail === 'string' || typeof b.error === 'string';
}

/** An array in which at least one entry has `field` equal to `value`. */
export function someEntry(field: string, value: string): Shape {
  return (v, at) => {
    if (!Array.isArray(v)) return `${at}: expected an array, got ${kind(v)}`;
    const found = v.some(
      (e) => typeof e === 'object' && e !== null && (e as Record<string, unknown>)[field] === value,
    );
    return found ? undefined : `${at}: no entry has ${field} ${show(value)} (${v.length} entries)`;
  };
}

/** All of the shapes, in order. */
export function allOf(...shapes: Shape[]): Shape {
  return (v, at) => {
    for (const shape of shapes) {
      const problem = shape(v, at);
      if (problem) return problem;
    }
    return undefined;
  };
}
