/**
 * `staging-gate run` flags → the same RawInputs the action reads, so that both go through
 * one `parseSettings`. Every action input is a flag of the same name; secrets may instead
 * name an environment variable (`--jwt-secret-env VAR`) to stay out of shell history.
 */
import { ALL_INPUT_NAMES, type RawInputs } from './action-inputs.js';
import { closestName } from './did-you-mean.js';
import { printable } from './printable.js';
import { InputError } from './settings.js';

export { RUN_USAGE } from './run-usage.js';

/** A bad command line: names the flag; an InputError so callers map both to exit code 3. */
export class UsageError extends InputError {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(flag, message);
    this.name = 'UsageError';
    this.message = `${message} (see 'staging-gate run --help')`;
  }
}

export interface RunArgs {
  raw: RawInputs;
  json: boolean;
  help: boolean;
  quiet: boolean;
}

/** Inputs given by an env var name instead of a value. */
const ENV_FLAGS = new Map([
  ['jwt-secret-env', 'jwt-secret'],
  ['auth-token-env', 'auth-token'],
  ['github-token-env', 'github-token'],
]);
/** Inputs that may be repeated; their values are joined as one comma list. */
const LIST_INPUTS = new Set(['modules', 'tests', 'critical-tests', 'perf-targets']);
const SWITCHES = ['json', 'help', 'quiet'];
/** `mode` and `merge-results` are the action's way to merge; the CLI has `staging-gate merge`. */
const MERGE_INPUTS = new Set(['mode', 'merge-results']);
const INPUTS: readonly string[] = ALL_INPUT_NAMES.filter((n) => !MERGE_INPUTS.has(n));
const ALL_FLAGS = [...INPUTS, ...ENV_FLAGS.keys(), ...SWITCHES];
/** Flags of other commands that people reach for here, with where they belong. */
const OTHER_COMMANDS = new Map([
  ['fault', "'--fault' is a flag of 'staging-gate sim' and 'staging-gate demo', not of run"],
  ['port', "'--port' is a flag of 'staging-gate sim', not of run"],
  ['version', "'--version' is a flag of 'staging-gate sim'; here use --expected-version"],
  [
    'mode',
    "'--mode' is an action input; on the command line merge with 'staging-gate merge DIR...'",
  ],
  ['merge-results', "'--merge-results' is an action input; use 'staging-gate merge DIR...'"],
]);

function unknownFlag(name: string): UsageError {
  const elsewhere = OTHER_COMMANDS.get(name);
  if (elsewhere) return new UsageError(`--${name}`, elsewhere);
  const best = closestName(name, ALL_FLAGS);
  const hint = best ? `; did you mean '--${best}'?` : '';
  return new UsageError(`--${name}`, `unknown flag '--${printable(name)}'${hint}`);
}

function fromEnv(flag: string, variable: string, env: Record<string, string | undefined>): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new UsageError(
      `--${flag}`,
      `'--${flag}' expects an environment variable name, got '${printable(variable)}'`,
    );
  }
  const value = env[variable];
  if (value === undefined || value.trim() === '') {
    throw new UsageError(
      `--${flag}`,
      `'--${flag}': environment variable ${variable} is not set or empty`,
    );
  }
  return value;
}

export function parseRunArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): RunArgs {
  const result: RunArgs = { raw: {}, json: false, help: false, quiet: false };
  if (argv.some((a) => a === '--help' || a === '-h')) return { ...result, help: true };
  /** which flag set each input, to refuse `--jwt-secret` with `--jwt-secret-env` and repeats */
  const setBy = new Map<string, string>();

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-q') {
      result.quiet = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(
        arg,
        `unexpected argument '${printable(arg)}': flags are --name value or --name=value`,
      );
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);

    if (name === 'json' || name === 'quiet') {
      if (inline !== undefined) throw new UsageError(`--${name}`, `'--${name}' takes no value`);
      result[name] = true;
      continue;
    }
    const input = ENV_FLAGS.get(name) ?? (INPUTS.includes(name) ? name : undefined);
    if (input === undefined) throw unknownFlag(name);

    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (name === 'commit-status' && (next === undefined || next.startsWith('--'))) {
        value = 'true'; // a bare switch reads naturally for the one boolean input
      } else if (next === undefined || next.startsWith('--')) {
        throw new UsageError(
          `--${name}`,
          `'--${name}' needs a value (use --${name}=VALUE for a value starting with --)`,
        );
      } else {
        value = next;
        i++;
      }
    }
    if (ENV_FLAGS.has(name)) value = fromEnv(name, value, env);

    const previous = setBy.get(input);
    if (previous !== undefined && !(previous === name && LIST_INPUTS.has(input))) {
      const both =
        previous === name
          ? `'--${name}' is given twice`
          : `give '--${previous}' or '--${name}', not both`;
      throw new UsageError(`--${name}`, both);
    }
    setBy.set(input, name);
    const before = result.raw[input];
    result.raw[input] = before === undefined ? value : `${before},${value}`;
  }
  return result;
}
