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
    command: 'run' | 'merge' = 'run',
  ) {
    super(flag, message);
    this.name = 'UsageError';
    this.message = `${message} (see 'staging-gate ${command} --help')`;
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

/** `staging-gate merge`: the gate's policy and where to write; the rest is the shards'. */
const MERGE_FLAG_INPUTS: readonly string[] = [
  'results-dir',
  'max-failure-rate',
  'critical-tests',
  'perf-gate',
  'on-inconclusive',
];

interface FlagSpec {
  command: 'run' | 'merge';
  /** action inputs this command takes as flags */
  inputs: readonly string[];
  /** what `--name` without a value means, for boolean inputs */
  bare?: ReadonlyMap<string, string>;
  /** arguments that are not flags are collected (merge's DIRs) instead of refused */
  positional: boolean;
  /** the flag for an env-var form, e.g. `jwt-secret-env` → `jwt-secret` */
  envFlags: ReadonlyMap<string, string>;
}

interface ParsedFlags extends RunArgs {
  positional: string[];
}

function unknownFlag(name: string, spec: FlagSpec): UsageError {
  if (spec.command === 'merge') {
    const all = [...spec.inputs, 'json', 'quiet', 'help'];
    const best = closestName(name, all);
    const hint = best ? `; did you mean '--${best}'?` : '';
    return new UsageError(`--${name}`, `unknown flag '--${printable(name)}'${hint}`, 'merge');
  }
  return unknownRunFlag(name);
}

/**
 * The flag grammar both commands share: `--name value` or `--name=value`; a list input
 * repeated joins its values; any other input repeated takes the last value (as git, curl
 * and node's util.parseArgs do, so a wrapper script's default can be overridden); one
 * input given by two different flags (`--jwt-secret` and `--jwt-secret-env`) is refused.
 * An env-var flag reads its variable only once the last one has won.
 */
function parseFlags(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  spec: FlagSpec,
): ParsedFlags {
  const result: ParsedFlags = { raw: {}, json: false, help: false, quiet: false, positional: [] };
  if (argv.some((a) => a === '--help' || a === '-h')) return { ...result, help: true };
  /** which flag set each input, to refuse `--jwt-secret` with `--jwt-secret-env` */
  const setBy = new Map<string, string>();
  const fail = (flag: string, message: string): UsageError =>
    new UsageError(flag, message, spec.command);

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-q') {
      result.quiet = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      if (spec.positional && arg !== '--') {
        result.positional.push(arg);
        continue;
      }
      throw fail(
        arg,
        `unexpected argument '${printable(arg)}': flags are --name value or --name=value`,
      );
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);

    if (name === 'json' || name === 'quiet') {
      if (inline !== undefined) throw fail(`--${name}`, `'--${name}' takes no value`);
      result[name] = true;
      continue;
    }
    const input = spec.envFlags.get(name) ?? (spec.inputs.includes(name) ? name : undefined);
    if (input === undefined) throw unknownFlag(name, spec);

    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      const bare = spec.bare?.get(name);
      if (bare !== undefined && (next === undefined || next.startsWith('--'))) {
        value = bare; // a bare switch reads naturally for a boolean input
      } else if (next === undefined || next.startsWith('--')) {
        throw fail(
          `--${name}`,
          `'--${name}' needs a value (use --${name}=VALUE for a value starting with --)`,
        );
      } else {
        value = next;
        i++;
      }
    }

    const previous = setBy.get(input);
    if (previous !== undefined && previous !== name) {
      throw fail(`--${name}`, `give '--${previous}' or '--${name}', not both`);
    }
    setBy.set(input, name);
    const before = result.raw[input];
    result.raw[input] =
      before !== undefined && LIST_INPUTS.has(input) ? `${before},${value}` : value;
  }
  for (const [input, flag] of setBy) {
    const variable = result.raw[input];
    if (spec.envFlags.has(flag) && variable !== undefined) {
      result.raw[input] = fromEnv(flag, variable, env);
    }
  }
  return result;
}

const RUN_SPEC: FlagSpec = {
  command: 'run',
  inputs: INPUTS,
  bare: new Map([['commit-status', 'true']]),
  positional: false,
  envFlags: ENV_FLAGS,
};

export function parseRunArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): RunArgs {
  const { raw, json, help, quiet } = parseFlags(argv, env, RUN_SPEC);
  return { raw, json, help, quiet };
}

export interface MergeArgs extends RunArgs {
  /** `merge-results`, one directory per line, for `parseMergeSettings` */
  dirs: string[];
}

const MERGE_SPEC: FlagSpec = {
  command: 'merge',
  inputs: MERGE_FLAG_INPUTS,
  positional: true,
  envFlags: new Map(),
};

/**
 * `staging-gate merge DIR... [flags]` → the same RawInputs as the action's `mode: merge`,
 * so both go through one `parseMergeSettings`.
 */
export function parseMergeArgs(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): MergeArgs {
  const { positional, ...args } = parseFlags(argv, env, MERGE_SPEC);
  if (args.help) return { ...args, dirs: [] };
  if (positional.length === 0) {
    throw new UsageError('DIR', "nothing to merge: give the shards' results directories", 'merge');
  }
  return {
    ...args,
    raw: { ...args.raw, 'merge-results': positional.join('\n') },
    dirs: positional,
  };
}
function unknownRunFlag(name: string): UsageError {
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
