/**
 * What goes wrong around the gate must not change it, or must say so in one line: GitHub
 * answering 5xx through every retry costs the comment (a warning), not the verdict, the
 * outputs or the commit status that comes after it;
 * a results-dir that cannot be written fails the step with one error line, not a stack trace.
 */
import { writeFileSync } from 'node:fs';
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

const runner = new ActionRunner();
let service: ServiceUnderTest;
let down: GithubStandin;
let fine: GithubStandin;
let githubDown: ActionRun;
let unwritable: ActionRun;

beforeAll(async () => {
  [service, down, fine] = await Promise.all([
    startService(),
    startGithubStandin(),
    startGithubStandin(),
  ]);
  // the first request (GraphQL viewer) and its three retries: the comment step gives up
  down.state.failNext(4, 502);
  [githubDown, unwritable] = await Promise.all([
    // Octokit retries 5xx with real back-off here (about 15 s): as in a real job
    runner.run({
      inputs: gateInputs(service, { modules: 'health', 'commit-status': 'true' }),
      event: pullRequestEvent(),
      apiUrl: down.url,
      timeoutMs: 60_000,
    }),
    runner.run({
      inputs: gateInputs(service, { modules: 'health', 'results-dir': 'a-file/results' }),
      event: pullRequestEvent(),
      apiUrl: fine.url,
      files: { 'a-file': 'not a directory' },
    }),
  ]);
}, 75_000);

afterAll(async () => {
  await Promise.all([service?.close(), down?.close(), fine?.close()]);
  runner.cleanup();
});

describe('GitHub answering 502 through every retry', () => {
  it('keeps the verdict, the exit code and the outputs, warns, and still sets the status', () => {
    expect(githubDown.timedOut).toBe(false);
    expect(githubDown.code).toBe(0);
    expect(githubDown.outputs.verdict).toBe('pass');
    expect(githubDown.outputs['comment-url']).toBe('');
    expect(githubDown.summary.length).toBeGreaterThan(100);
    const warnings = workflowCommands(githubDown.stdout, 'warning').map(unescapeCommandData);
    expect(warnings.some((w) => /502/.test(w))).toBe(true);
    expect(workflowCommands(githubDown.stdout, 'error')).toEqual([]);
    // it retried before giving up, and went on to the status
    expect(down.requests.filter((r) => r.path === '/graphql')).toHaveLength(4);
    expect(down.state.comments).toEqual([]);
    expect(down.state.statuses.map((s) => s.state)).toEqual(['success']);
  });
});

describe('a results-dir that cannot be created', () => {
  it('fails the step with one ::error:: line, not an unhandled stack trace', () => {
    expect(unwritable.code).toBe(1);
    const errors = workflowCommands(unwritable.stdout, 'error').map(unescapeCommandData);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^staging-gate failed unexpectedly: .*a-file/);
    expect(unwritable.stderr).not.toMatch(/\n\s+at /);
  });
});

// keep the helper honest: the blocker really is a file
it('the blocker of the unwritable results-dir is a file', () => {
  expect(() => writeFileSync(`${unwritable.workspace}/a-file/x`, '')).toThrow();
});
