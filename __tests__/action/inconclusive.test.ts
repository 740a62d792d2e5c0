/**
 * A deploy that never becomes ready within `wait-for-ready` is not judged: the verdict is
 * `inconclusive`, and `on-inconclusive` alone decides the step's outcome.
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

const runner = new ActionRunner();
let service: ServiceUnderTest;
let gh: GithubStandin;
let onFail: ActionRun;
let onPass: ActionRun;
let onNeutral: ActionRun;

beforeAll(async () => {
  // in startup for ten minutes: /health answers 503 {"startup_in_progress": true}
  [service, gh] = await Promise.all([
    startService({ faults: ['startup-503'], startupMs: 600_000 }),
    startGithubStandin(),
  ]);
  const run = (onInconclusive: string) =>
    runner.run({
      inputs: gateInputs(service, {
        'wait-for-ready': '2',
        'on-inconclusive': onInconclusive,
        'comment-key': onInconclusive,
        'commit-status': 'true',
        modules: 'health,auth',
      }),
      event: pullRequestEvent(),
      apiUrl: gh.url,
    });
  [onFail, onPass, onNeutral] = await Promise.all([run('fail'), run('pass'), run('neutral')]);
}, 60_000);

afterAll(async () => {
  await Promise.all([service?.close(), gh?.close()]);
  runner.cleanup();
});

describe('a service still starting after wait-for-ready: 2', () => {
  it('is inconclusive, with no test graded', () => {
    for (const run of [onFail, onPass, onNeutral]) {
      expect(run.timedOut).toBe(false);
      expect(run.outputs.verdict).toBe('inconclusive');
      expect(run.outputs.passed).toBe('0');
      expect(run.outputs.failed).toBe('0');
      expect(run.outputs.skipped).toBe(run.outputs.total);
    }
    // it did wait: /health was polled more than once
    expect(service.sim.stats().httpRequests).toBeGreaterThan(3);
  });

  it('on-inconclusive: fail fails the step (exit 1) with an error saying why', () => {
    expect(onFail.code).toBe(1);
    const errors = workflowCommands(onFail.stdout, 'error').map(unescapeCommandData);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^staging-gate inconclusive: /);
    expect(errors[0]).toMatch(/ready|503|startup/i);
  });

  it('on-inconclusive: pass and neutral let the step pass (exit 0) with a warning', () => {
    for (const [run, mode] of [
      [onPass, 'pass'],
      [onNeutral, 'neutral'],
    ] as const) {
      expect(run.code).toBe(0);
      expect(workflowCommands(run.stdout, 'error')).toEqual([]);
      const warnings = workflowCommands(run.stdout, 'warning').map(unescapeCommandData);
      expect(warnings.some((w) => w.includes(`on-inconclusive: ${mode}`))).toBe(true);
    }
  });

  it('the commit status says error when inconclusive fails the gate, success otherwise', () => {
    const byContext = Object.fromEntries(gh.state.statuses.map((s) => [s.context, s.state]));
    expect(byContext).toEqual({
      'staging-gate/fail': 'error',
      'staging-gate/pass': 'success',
      'staging-gate/neutral': 'success',
    });
  });
});
