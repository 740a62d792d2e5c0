/**
 * A bad input fails the step before anything is sent: exit 1, one `::error::` line naming
 * the input, and not one byte to the service (counted by a proxy in front of it and by the
 * service itself) or to GitHub (the stand-in's request log).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubStandin, type GithubStandin } from '../support/github-standin.js';
import { pullRequestEvent } from './events.js';
import {
  ActionRunner,
  unescapeCommandData,
  workflowCommands,
  type ActionRun,
} from './run-action.js';
import { gateInputs, startService, type ServiceUnderTest } from './service.js';

/** Recognisable, so the test can prove the error line does not echo it. */
const SHORT_SECRET = 'too-short-SECRET-x';

interface Case {
  input: string;
  /** the step's inputs on top of a valid configuration; `undefined` removes an input */
  with: Record<string, string | undefined>;
}

const CASES: Case[] = [
  { input: 'max-failure-rate', with: { 'max-failure-rate': 'abc' } },
  { input: 'jwt-algorithm', with: { 'jwt-algorithm': 'HS999' } },
  { input: 'jwt-secret', with: { 'jwt-secret': SHORT_SECRET } },
  { input: 'modules', with: { modules: 'nope' } },
  { input: 'tests', with: { tests: 'health/no-such-test' } },
  { input: 'base-url', with: { 'base-url': undefined } },
  { input: 'base-url', with: { 'base-url': 'ftp://staging.example.com' } },
  { input: 'priority', with: { priority: 'high' } },
  { input: 'wait-for-ready', with: { 'wait-for-ready': '-5' } },
  { input: 'jwt-claims', with: { 'jwt-claims': '{"role": ' } },
  { input: 'comment', with: { comment: 'always' } },
  { input: 'on-inconclusive', with: { 'on-inconclusive': 'maybe' } },
  { input: 'commit-status', with: { 'commit-status': 'sure' } },
  { input: 'perf-targets', with: { 'perf-targets': 'api_response_ms=fast' } },
  { input: 'shard', with: { shard: '3/2' } },
  // what a fork PR, or an unset or misspelled secret name, gives: not a run of 7 public checks
  { input: 'jwt-secret', with: { 'jwt-secret': '' } },
];

interface Outcome {
  c: Case;
  run: ActionRun;
  service: ServiceUnderTest;
  gh: GithubStandin;
}

const runner = new ActionRunner();
let outcomes: Outcome[];

beforeAll(async () => {
  outcomes = await Promise.all(
    CASES.map(async (c) => {
      const [service, gh] = await Promise.all([startService(), startGithubStandin()]);
      const inputs: Record<string, string> = {};
      const merged = { ...gateInputs(service, { 'commit-status': 'true' }), ...c.with };
      for (const [k, v] of Object.entries(merged)) if (v !== undefined) inputs[k] = v;
      const run = await runner.run({ inputs, event: pullRequestEvent(), apiUrl: gh.url });
      return { c, run, service, gh };
    }),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all((outcomes ?? []).flatMap((o) => [o.service.close(), o.gh.close()]));
  runner.cleanup();
});

describe('a bad input', () => {
  it.each(CASES.map((c, i) => [c.input, Object.values(c.with)[0] ?? '(missing)', i] as const))(
    '%s: %s → exit 1, one ::error:: naming it, nothing sent',
    (input, _value, i) => {
      const { run, service, gh } = outcomes[i];
      expect(run.timedOut).toBe(false);
      expect(run.code).toBe(1);
      const errors = workflowCommands(run.stdout, 'error').map(unescapeCommandData);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(`'${input}'`);
      expect(service.untouched()).toBe(true);
      expect(gh.requests).toEqual([]);
      // no results, no outputs: nothing was judged
      expect(run.outputs).toEqual({});
      expect(run.stderr).not.toMatch(/\bat .+\.js:\d+/); // a message, not a stack trace
    },
  );

  it('an empty jwt-secret says why it is empty, how to gate forks, and how to run without one', () => {
    const { run } = outcomes[CASES.findIndex((c) => c.with['jwt-secret'] === '')];
    const [error] = workflowCommands(run.stdout, 'error').map(unescapeCommandData);
    expect(error).toMatch(/neither jwt-secret nor auth-token is given/);
    expect(error).toMatch(/fork/);
    expect(error).toMatch(/unset or misspelled secret/);
    expect(error).toMatch(/workflow_run/);
    expect(error).toMatch(/modules: health/);
  });

  it('never echoes a secret it rejects', () => {
    const { run } = outcomes[CASES.findIndex((c) => c.with['jwt-secret'] === SHORT_SECRET)];
    const lines = `${run.stdout}\n${run.stderr}`.split('\n');
    const echoed = lines.filter((l) => l.includes(SHORT_SECRET) && !l.startsWith('::add-mask::'));
    expect(echoed).toEqual([]);
  });
});
