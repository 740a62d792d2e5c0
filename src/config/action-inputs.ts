/**
 * The action's inputs by name (action.yml) and the one place `core.getInput` output enters:
 * `readActionInputs` takes the getter as an argument so that it runs without the runner.
 */

/** Every input of action.yml, in its order, plus the additions pending in action.yml. */
export const ALL_INPUT_NAMES = [
  'base-url',
  'ws-url',
  'jwt-secret',
  'jwt-algorithm',
  'jwt-issuer',
  'jwt-audience',
  'jwt-claims',
  'auth-token',
  'priority',
  'modules',
  'tests',
  'max-failure-rate',
  'critical-tests',
  'perf-targets',
  'perf-gate',
  'wait-for-ready',
  'expected-version',
  'version-field',
  'retries',
  'timeout',
  'on-inconclusive',
  'suite-config',
  'github-token',
  'comment',
  'comment-key',
  'pr-number',
  'commit-status',
  'results-dir',
  'shard',
  'concurrency',
  'concurrent-sessions',
  'concurrent-users',
  'mode',
  'merge-results',
  'protocol',
  'agent-url',
  'health-path',
] as const;

export type InputName = (typeof ALL_INPUT_NAMES)[number];

/** Inputs as strings, keyed by action input name; empty or missing = not given. */
export type RawInputs = Record<string, string | undefined>;

/** Inputs whose value is a credential: never echoed in a message. */
export const SECRET_INPUTS: ReadonlySet<string> = new Set([
  'jwt-secret',
  'auth-token',
  'github-token',
]);

/**
 * The defaults of action.yml, verbatim. The runner sets every input that has a default, so
 * `parseSettings` must mean the same thing by "not given"; a test compares this table with
 * action.yml. `github-token` is absent: its default is an expression the runner evaluates.
 */
export const ACTION_DEFAULTS: Readonly<Partial<Record<InputName, string>>> = {
  'jwt-algorithm': 'HS256',
  'jwt-issuer': 'staging-gate',
  'jwt-claims': '{}',
  priority: '1',
  'max-failure-rate': '0',
  'perf-targets':
    'api_response_ms=100,ws_latency_ms=50,agent_startup_ms=500,message_processing_ms=200',
  'perf-gate': 'fail',
  'wait-for-ready': '300',
  'version-field': 'version',
  retries: '1',
  timeout: '600',
  'on-inconclusive': 'fail',
  comment: 'sticky',
  'commit-status': 'false',
  'results-dir': 'staging-gate-results',
  concurrency: '8',
  'concurrent-sessions': '7',
  'concurrent-users': '20',
  mode: 'run',
  protocol: 'agent-ws',
};

/** Reads every input through `getInput` (e.g. `core.getInput`, which trims). */
export function readActionInputs(
  getInput: (name: string) => string,
  names: readonly string[] = ALL_INPUT_NAMES,
): RawInputs {
  const raw: RawInputs = {};
  for (const name of names) raw[name] = getInput(name);
  return raw;
}
