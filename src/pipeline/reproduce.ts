/**
 * The `staging-gate run` line that reproduces a run, for the report's footer: only the
 * inputs that were given, secrets replaced by the env-var form that keeps them out of
 * shell history, the GitHub side left out (it does not change what is tested).
 */
import type { RawInputs } from '../config/action-inputs.js';

const OMIT = new Set([
  'github-token',
  'comment',
  'comment-key',
  'pr-number',
  'commit-status',
  'results-dir',
]);
const AS_ENV: Record<string, string> = {
  'jwt-secret': '--jwt-secret-env STAGING_JWT_SECRET',
  'auth-token': '--auth-token-env STAGING_AUTH_TOKEN',
};

function quote(value: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function reproduceLine(
  raw: RawInputs,
  defaults: Readonly<Record<string, string | undefined>> = {},
): string {
  const parts = ['staging-gate run'];
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value.trim() === '' || OMIT.has(name)) continue;
    if (AS_ENV[name]) {
      parts.push(AS_ENV[name]);
      continue;
    }
    if (defaults[name] === value) continue;
    parts.push(`--${name} ${quote(value)}`);
  }
  return parts.join(' ');
}
