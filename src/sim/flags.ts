/**
 * The flag reading the `staging-gate sim` commands share: `--flag value` and `--flag=value`,
 * and the small value parsers. Every bad value throws one SimUsageError naming the flag.
 */
import { SimUsageError } from './usage-error.js';

export interface SimFlag {
  /** the flag as typed, without an inline `=value` */
  flag: string;
  /** the whole argument, for "unknown option" */
  arg: string;
  /** the flag's value: inline, or the next argument (consumed) */
  value(): string;
}

export interface SimFlagRules {
  /** whether the next argument may be a flag's value; default: anything not starting with `--` */
  takes?: (next: string) => boolean;
  /** a blank value, inline or next, counts as missing */
  blankIsMissing?: boolean;
}

/** Calls `visit` once per flag, left to right; `value()` consumes the value. */
export function readSimFlags(
  argv: readonly string[],
  visit: (flag: SimFlag) => void,
  rules: SimFlagRules = {},
): void {
  const takes = rules.takes ?? ((next: string) => !next.startsWith('--'));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      let v = inline;
      if (v === undefined) {
        const next = argv[i + 1];
        if (next !== undefined && takes(next)) {
          v = next;
          i += 1;
        }
      }
      if (v === undefined || (rules.blankIsMissing === true && v.trim() === '')) {
        throw new SimUsageError(`${flag} needs a value`);
      }
      return v;
    };
    visit({ flag, arg, value });
  }
}

export function integer(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw new SimUsageError(`${flag}: expected an integer from ${min} to ${max}, got '${text}'`);
  }
  return n;
}

export function port(flag: string, text: string): number {
  return integer(flag, text, 0, 65_535);
}

export function nonEmpty(flag: string, text: string): string {
  if (text.trim() === '') throw new SimUsageError(`${flag}: must not be empty`);
  return text;
}

/** `--jwt-secret-env VAR`: the secret in $VAR; a missing or empty variable is a usage error. */
export function secretFromEnv(
  flag: string,
  name: string,
  env: Record<string, string | undefined>,
  missing = `${flag}: environment variable ${name} is not set or empty`,
): string {
  const secret = env[name];
  if (!secret) throw new SimUsageError(missing);
  return secret;
}

export function unknownOption(arg: string): SimUsageError {
  return new SimUsageError(`unknown option '${arg}'`);
}

/** The options every sim has. */
export interface CommonSimInit {
  port?: number;
  host?: string;
  version?: string;
  jwtSecret?: string;
}

/** What the common flags said beyond the init. */
export interface CommonSimFlags {
  help: boolean;
  /** the variable `--jwt-secret-env` named (the last secret flag wins); never the secret */
  secretEnv?: string;
}

export interface CommonSimFlagRules {
  /** `--host`, `--version`, the secret and the variable name must not be blank */
  nonEmpty?: boolean;
  /** the message when `--jwt-secret-env` names an unset variable */
  envMissing?: (flag: string, name: string) => string;
}

/**
 * `--help`/`-h`, `--port`, `--host`, `--version`, `--jwt-secret`, `--jwt-secret-env`:
 * applies the flag and returns true, or returns false for any other flag.
 */
export function commonSimFlag(
  { flag, value }: SimFlag,
  init: CommonSimInit,
  seen: CommonSimFlags,
  env: Record<string, string | undefined>,
  rules: CommonSimFlagRules = {},
): boolean {
  const text = (): string => (rules.nonEmpty === true ? nonEmpty(flag, value()) : value());
  switch (flag) {
    case '--help':
    case '-h':
      seen.help = true;
      return true;
    case '--port':
      init.port = port(flag, value());
      return true;
    case '--host':
      init.host = text();
      return true;
    case '--version':
      init.version = text();
      return true;
    case '--jwt-secret':
      init.jwtSecret = text();
      delete seen.secretEnv;
      return true;
    case '--jwt-secret-env': {
      const name = text();
      init.jwtSecret = secretFromEnv(flag, name, env, rules.envMissing?.(flag, name));
      seen.secretEnv = name;
      return true;
    }
    default:
      return false;
  }
}

/** The banner's words for where the token secret came from; never the secret itself. */
export function secretSource(init: CommonSimInit, seen: CommonSimFlags): string {
  if (seen.secretEnv !== undefined) return `signed with the secret in $${seen.secretEnv}`;
  if (init.jwtSecret !== undefined) return 'signed with the secret given by --jwt-secret';
  return 'signed with the built-in development secret (DEFAULT_SIM_SECRET)';
}
