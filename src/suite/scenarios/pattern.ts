/**
 * The matcher of declared scenarios: is a value (a body, a frame) the JSON subset a pattern
 * describes? Pure; patterns were validated when the file was loaded. `explain` says where
 * and why a value differs, for failure messages; `matches` is the same rule as a boolean.
 */
import { OPERATORS, type Pattern, type TYPE_NAMES } from '../../config/scenario-types.js';

export type Vars = Readonly<Record<string, unknown>>;

/** One frame as the matcher sees it: the parsed JSON (if it parsed), its text, an SSE name. */
export interface FrameValue {
  /** undefined when the text is not JSON */
  value: unknown;
  text: string;
  /** the SSE `event:` field */
  event?: string;
}

export { FRAME_KEYS, OPERATORS, TYPE_NAMES, varsIn } from '../../config/scenario-types.js';

/** A regex is run on at most this much of a string: a pattern must not stall the run. */
const REGEX_INPUT_MAX = 10_000;
const VAR = /\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{ $type: ... }`-like: a mapping whose keys are all operators. */
export function isOperator(p: unknown): p is Record<string, unknown> {
  if (!isRecord(p)) return false;
  const keys = Object.keys(p);
  return keys.length > 0 && keys.every((k) => (OPERATORS as readonly string[]).includes(k));
}

export function typeOf(v: unknown): (typeof TYPE_NAMES)[number] | 'undefined' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'undefined';
}

/**
 * `${name}` filled in. A string that is exactly one `${name}` becomes the captured value
 * itself (a number stays a number); inside other text the value is written as text. A name
 * not captured is left as written, so it matches nothing real and the message shows it.
 */
export function interpolate(text: string, vars: Vars): unknown {
  const whole = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}$/.exec(text);
  if (whole && Object.hasOwn(vars, whole[1])) return vars[whole[1]];
  return text.replace(VAR, (all, name: string) =>
    Object.hasOwn(vars, name) ? asText(vars[name]) : all,
  );
}

function asText(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
}

/** Every string of a JSON value interpolated (for bodies and frames the steps send). */
export function interpolateDeep(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') return interpolate(value, vars);
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, vars));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolateDeep(v, vars);
    return out;
  }
  return value;
}

/** undefined when `value` matches; else where and why not. */
export function explain(
  pattern: Pattern,
  value: unknown,
  vars: Vars = {},
  at = '$',
): string | undefined {
  if (isOperator(pattern)) return explainOperator(pattern, value, vars, at);
  if (isRecord(pattern)) {
    if (!isRecord(value)) return `${at}: expected a mapping, got ${showValue(value)}`;
    for (const [key, sub] of Object.entries(pattern)) {
      const present = Object.hasOwn(value, key);
      if (isOperator(sub) && Object.hasOwn(sub, '$exists')) {
        if (sub.$exists !== present) {
          return `${at}.${key}: expected ${sub.$exists ? 'present' : 'absent'}, ${present ? `got ${showValue(value[key])}` : 'missing'}`;
        }
        if (!present) continue;
      } else if (!present) return `${at}.${key}: missing`;
      const why = explain(sub, value[key], vars, `${at}.${key}`);
      if (why) return why;
    }
    return undefined;
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(value)) return `${at}: expected a list, got ${showValue(value)}`;
    if (value.length !== pattern.length) {
      return `${at}: expected ${pattern.length} entries, got ${value.length}`;
    }
    for (let i = 0; i < pattern.length; i++) {
      const why = explain(pattern[i], value[i], vars, `${at}[${i}]`);
      if (why) return why;
    }
    return undefined;
  }
  const wanted = typeof pattern === 'string' ? interpolate(pattern, vars) : pattern;
  if (isRecord(wanted) || Array.isArray(wanted)) {
    return explain(wanted, value, {}, at);
  }
  return wanted === value
    ? undefined
    : `${at}: expected ${showValue(wanted)}, got ${showValue(value)}`;
}

function explainOperator(
  op: Record<string, unknown>,
  value: unknown,
  vars: Vars,
  at: string,
): string | undefined {
  if (typeof op.$type === 'string' && typeOf(value) !== op.$type) {
    return `${at}: expected ${/^[aeiou]/.test(op.$type) ? 'an' : 'a'} ${op.$type}, got ${showValue(value)}`;
  }
  if (typeof op.$regex === 'string') {
    if (typeof value !== 'string')
      return `${at}: expected a string matching /${op.$regex}/, got ${showValue(value)}`;
    const source = String(interpolate(op.$regex, vars));
    if (!new RegExp(source).test(value.slice(0, REGEX_INPUT_MAX))) {
      return `${at}: ${showValue(value)} does not match /${source}/`;
    }
  }
  // `$exists` alone at a key is judged by the mapping; at the top it asks for any value
  if (op.$exists === true && value === undefined) return `${at}: missing`;
  if (op.$exists === false && value !== undefined) return `${at}: expected absent`;
  return undefined;
}

/** Does a frame match a frame pattern (`$event` and `$data` at its top level)? */
export function explainFrame(
  pattern: Pattern,
  frame: FrameValue,
  vars: Vars = {},
): string | undefined {
  if (!isRecord(pattern) || isOperator(pattern)) {
    return frame.value === undefined ? 'not JSON' : explain(pattern, frame.value, vars);
  }
  const rest: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$event') {
      const why = explain(sub, frame.event, vars, '$event');
      if (why) return why;
    } else if (key === '$data') {
      const why = explain(sub, frame.text, vars, '$data');
      if (why) return why;
    } else rest[key] = sub;
  }
  if (Object.keys(rest).length === 0) return undefined;
  if (frame.value === undefined) return 'the frame is not JSON';
  return explain(rest, frame.value, vars);
}

export function matchesFrame(pattern: Pattern, frame: FrameValue, vars: Vars = {}): boolean {
  return explainFrame(pattern, frame, vars) === undefined;
}

/** Does the pattern ask anything of the JSON value (beyond `$event` / `$data`)? */
export function needsJson(pattern: Pattern): boolean {
  return !isRecord(pattern) || Object.keys(pattern).some((k) => k !== '$event' && k !== '$data');
}

const SHOWN_MAX = 80;

export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX - 1)}…` : text;
}

/** A pattern as people write it: `{event: token, payload: {run_id: "${run}"}}`. */
export function showPattern(p: Pattern): string {
  if (isRecord(p)) {
    return `{${Object.entries(p)
      .map(([k, v]) => `${k}: ${showPattern(v)}`)
      .join(', ')}}`;
  }
  if (Array.isArray(p)) return `[${p.map(showPattern).join(', ')}]`;
  if (typeof p === 'string') return /^[\w.:/-]+$/.test(p) ? p : JSON.stringify(p);
  return String(p);
}

/**
 * A received frame shown through the keys a pattern asks for, so that a message says
 * `got {event: run.done}` rather than a whole payload. Falls back to the frame's text.
 */
export function showFrameAs(frame: FrameValue, pattern: Pattern): string {
  if (isRecord(pattern) && !isOperator(pattern)) {
    const parts: string[] = [];
    for (const key of Object.keys(pattern)) {
      if (key === '$event') parts.push(`$event: ${frame.event ?? 'none'}`);
      else if (key === '$data') parts.push(`$data: ${showValue(frame.text)}`);
      else if (isRecord(frame.value) && Object.hasOwn(frame.value, key)) {
        const v = frame.value[key];
        const sub = pattern[key];
        parts.push(
          `${key}: ${isRecord(v) && isRecord(sub) && !isOperator(sub) ? showFrameAs({ value: v, text: '' }, sub) : showPattern(v)}`,
        );
      }
    }
    if (parts.length > 0) return `{${parts.join(', ')}}`;
  }
  const text = frame.value === undefined ? frame.text : JSON.stringify(frame.value);
  const shown = `${frame.event ? `event: ${frame.event} ` : ''}${text}`;
  return shown.length > SHOWN_MAX ? `${shown.slice(0, SHOWN_MAX - 1)}…` : shown;
}
