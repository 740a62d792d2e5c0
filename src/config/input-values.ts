/**
 * One input string → one typed value, or an InputError that names the input, says what was
 * expected and shows what was given (never for a secret input).
 */
import { SECRET_INPUTS } from './action-inputs.js';
import { didYouMean } from './did-you-mean.js';
import { printable } from './printable.js';
import { redact } from './redact.js';
import { InputError } from './settings.js';

const SHOWN_MAX = 80;

/** The value as an error shows it: quoted, bounded, token-shaped parts masked, secrets never. */
export function shown(name: string, value: string): string {
  if (SECRET_INPUTS.has(name)) return '(value hidden)';
  return `'${printable(redact(value, []), SHOWN_MAX)}'`;
}

/** The trimmed value, or undefined when not given (the runner passes '' for those). */
export function given(raw: Record<string, string | undefined>, name: string): string | undefined {
  const value = raw[name]?.trim();
  return value ? value : undefined;
}

export function parseInteger(name: string, value: string, min: number, max: number): number {
  const n = /^\+?\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new InputError(name, `expected an integer ${range}, got ${shown(name, value)}`);
  }
  return n;
}

/** A decimal number (no exponent, hex or Infinity: inputs are written by people). */
export function parseDecimal(name: string, value: string, expected: string): number {
  const n = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) {
    throw new InputError(name, `expected ${expected}, got ${shown(name, value)}`);
  }
  return n;
}

/** Seconds as a decimal in (0 or min, max]; max keeps timers below setTimeout's 2^31 ms. */
export function parseSeconds(
  name: string,
  value: string,
  opts: { allowZero: boolean; max: number },
): number {
  const expected = opts.allowZero
    ? `a number of seconds from 0 to ${opts.max}`
    : `a number of seconds greater than 0 and at most ${opts.max}`;
  const n = parseDecimal(name, value, expected);
  if (n < 0 || (n === 0 && !opts.allowZero) || n > opts.max) {
    throw new InputError(name, `expected ${expected}, got ${shown(name, value)}`);
  }
  return n;
}

/** One of a fixed set of words, case-insensitive; returns the canonical spelling. */
export function parseChoice<T extends string>(
  name: string,
  value: string,
  choices: readonly T[],
): T {
  const match = choices.find((c) => c.toLowerCase() === value.toLowerCase());
  if (match !== undefined) return match;
  const list = `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}`;
  throw new InputError(
    name,
    `expected one of ${list}, got ${shown(name, value)}${didYouMean(value, choices)}`,
  );
}

const TRUE_WORDS = ['true', 'yes'];
const FALSE_WORDS = ['false', 'no'];

export function parseBoolean(name: string, value: string): boolean {
  const v = value.toLowerCase();
  if (TRUE_WORDS.includes(v)) return true;
  if (FALSE_WORDS.includes(v)) return false;
  throw new InputError(name, `expected true, false, yes or no, got ${shown(name, value)}`);
}

/**
 * A list separated by commas or line breaks (YAML block scalars in a workflow give the
 * latter), trimmed, empties dropped, duplicates dropped in order.
 */
export function parseList(value: string | undefined): string[] {
  if (value === undefined) return [];
  const items = value
    .split(/[,\r\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return [...new Set(items)];
}
