import { describe, expect, it } from 'vitest';
import { ALL_INPUT_NAMES } from '../../src/config/action-inputs.js';

/** every action input but the action's merge switch (the CLI has `staging-gate merge`) */
const RUN_INPUTS = ALL_INPUT_NAMES.filter((n) => n !== 'mode' && n !== 'merge-results');
import { parseRunArgs, RUN_USAGE, UsageError } from '../../src/config/cli-args.js';
import { parseSettings } from '../../src/config/parse-settings.js';
import { InputError } from '../../src/config/settings.js';

function usageErrorOf(argv: string[], env: Record<string, string> = {}): UsageError {
  try {
    parseRunArgs(argv, env);
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseRunArgs', () => {
  it('takes every action input as --name value and --name=value', () => {
    for (const name of RUN_INPUTS) {
      expect(parseRunArgs([`--${name}`, 'v1'], {}).raw).toEqual({ [name]: 'v1' });
      expect(parseRunArgs([`--${name}=a=b`], {}).raw).toEqual({ [name]: 'a=b' });
    }
  });

  it('feeds parseSettings the same inputs as the action', () => {
    const { raw } = parseRunArgs(
      ['--base-url', 'http://127.0.0.1:9000', '--priority=1-2', '--retries', '0', '--tests', 'a/*'],
      {},
    );
    const s = parseSettings(raw);
    expect([s.baseUrl, s.priorities, s.retries, s.tests]).toEqual([
      'http://127.0.0.1:9000',
      [1, 2],
      0,
      ['a/*'],
    ]);
  });

  it('reads secrets from the environment with --jwt-secret-env and --auth-token-env', () => {
    const env = { STAGING_JWT_SECRET: 'x'.repeat(32), TOKEN: 'tok' };
    expect(parseRunArgs(['--jwt-secret-env', 'STAGING_JWT_SECRET'], env).raw).toEqual({
      'jwt-secret': 'x'.repeat(32),
    });
    expect(parseRunArgs(['--auth-token-env=TOKEN'], env).raw).toEqual({ 'auth-token': 'tok' });
    expect(parseRunArgs(['--github-token-env', 'TOKEN'], env).raw).toEqual({
      'github-token': 'tok',
    });
  });

  it('names the flag when the variable is missing or empty', () => {
    const err = usageErrorOf(['--jwt-secret-env', 'STAGING_JWT_SECRET'], { OTHER: 'x' });
    expect(err.flag).toBe('--jwt-secret-env');
    expect(err.message).toMatch(
      /^'--jwt-secret-env': environment variable STAGING_JWT_SECRET is not set/,
    );
    expect(usageErrorOf(['--auth-token-env', 'T'], { T: '  ' }).flag).toBe('--auth-token-env');
    expect(usageErrorOf(['--auth-token-env', 'not a name'], {}).message).toMatch(
      /environment variable name/,
    );
  });

  it('refuses a secret given both directly and from the environment', () => {
    const err = usageErrorOf(['--jwt-secret', 'a', '--jwt-secret-env', 'S'], { S: 'b' });
    expect(err.message).toMatch(/give '--jwt-secret' or '--jwt-secret-env', not both/);
  });

  it('joins repeated list flags; any other repeated flag takes its last value', () => {
    expect(parseRunArgs(['--modules', 'a', '--modules', 'b'], {}).raw).toEqual({ modules: 'a,b' });
    expect(parseRunArgs(['--retries', '1', '--retries=2'], {}).raw).toEqual({ retries: '2' });
    // a wrapper script's default, overridden by what its caller appends
    expect(
      parseRunArgs(
        ['--base-url', 'https://a.test', '--wait-for-ready', '300', '--base-url', 'https://b.test'],
        {},
      ).raw,
    ).toEqual({ 'base-url': 'https://b.test', 'wait-for-ready': '300' });
    expect(parseRunArgs(['--commit-status', '--commit-status', 'no'], {}).raw).toEqual({
      'commit-status': 'no',
    });
  });

  it('reads only the last --jwt-secret-env variable: an overridden one may be unset', () => {
    const env = { OVERRIDE: 'o'.repeat(32) };
    expect(
      parseRunArgs(['--jwt-secret-env', 'UNSET', '--jwt-secret-env', 'OVERRIDE'], env).raw,
    ).toEqual({
      'jwt-secret': 'o'.repeat(32),
    });
    expect(
      usageErrorOf(['--jwt-secret-env', 'OVERRIDE', '--jwt-secret-env', 'UNSET'], env).message,
    ).toMatch(/environment variable UNSET is not set/);
  });

  it('reads --json, --quiet, -q and --help', () => {
    expect(parseRunArgs(['--json', '-q'], {})).toEqual({
      raw: {},
      json: true,
      help: false,
      quiet: true,
    });
    expect(parseRunArgs(['--quiet'], {}).quiet).toBe(true);
    expect(parseRunArgs(['--base-url', 'x', '--help'], {}).help).toBe(true);
    expect(parseRunArgs(['-h'], {}).help).toBe(true);
    expect(usageErrorOf(['--json=yes']).message).toMatch(/takes no value/);
  });

  it('takes --commit-status bare as true', () => {
    expect(parseRunArgs(['--commit-status'], {}).raw).toEqual({ 'commit-status': 'true' });
    expect(parseRunArgs(['--commit-status', '--json'], {}).raw).toEqual({
      'commit-status': 'true',
    });
    expect(parseRunArgs(['--commit-status', 'no'], {}).raw).toEqual({ 'commit-status': 'no' });
  });

  it('refuses unknown flags, suggesting the closest', () => {
    const err = usageErrorOf(['--bse-url', 'x']);
    expect(err).toBeInstanceOf(InputError);
    expect(err.flag).toBe('--bse-url');
    expect(err.message).toMatch(/^unknown flag '--bse-url'; did you mean '--base-url'\?/);
    expect(usageErrorOf(['--zzzzzzzz']).message).not.toMatch(/did you mean/);
    expect(usageErrorOf(['--jwt-secret-var', 'X']).message).toMatch(
      /did you mean '--jwt-secret-env'/,
    );
    expect(usageErrorOf(['--constructor', 'x']).message).toMatch(/^unknown flag '--constructor'/);
    expect(usageErrorOf(['--__proto__', 'x']).message).toMatch(/^unknown flag/);
  });

  it('says --fault belongs to sim, not run', () => {
    expect(usageErrorOf(['--fault', 'ws-1011']).message).toMatch(
      /'--fault' is a flag of 'staging-gate sim'/,
    );
  });

  it('refuses a flag without a value and stray arguments', () => {
    expect(usageErrorOf(['--base-url']).message).toMatch(/'--base-url' needs a value/);
    expect(usageErrorOf(['--base-url', '--json']).message).toMatch(/needs a value/);
    expect(usageErrorOf(['https://x.test']).message).toMatch(
      /unexpected argument 'https:\/\/x.test'/,
    );
  });

  it('documents every flag in RUN_USAGE, with the env example', () => {
    for (const name of RUN_INPUTS) expect(RUN_USAGE).toContain(`--${name}`);
    expect(RUN_USAGE).toContain('--jwt-secret-env STAGING_JWT_SECRET');
    expect(RUN_USAGE).not.toMatch(/^\s+--fault/m);
  });
});

describe('the action-only merge inputs', () => {
  it('are refused by run, pointing to staging-gate merge', () => {
    expect(() => parseRunArgs(['--mode', 'merge'], {})).toThrow(/staging-gate merge/);
    expect(() => parseRunArgs(['--merge-results', 'x'], {})).toThrow(/staging-gate merge/);
  });
});
