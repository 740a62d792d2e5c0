/**
 * Cancelling the bundled action and the bundled CLI mid-run, as the Actions runner (SIGINT,
 * then SIGTERM) and a person (Ctrl-C) do: results.json, report.md, junit.xml, the outputs
 * and the job summary are still written, verdict `inconclusive`, reason `cancelled`.
 * Every agent run of the service is held 60 s, so a process that waited for its tests
 * instead of cancelling would hit the 30 s bound and fail as timed out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/model.js';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';
import { startGithubStandin, type GithubStandin } from '../support/github-standin.js';
import { pullRequestEvent } from './events.js';
import { ActionRunner, CLI_ENTRY, workflowCommands, type ActionRun } from './run-action.js';
import { gateInputs, startService, type ServiceUnderTest } from './service.js';

const runner = new ActionRunner();
let service: ServiceUnderTest;
let gh: GithubStandin;
const runs: Record<string, ActionRun> = {};
/** the service is ready and the tests have started: the agent runs are being held */
const MID_RUN = /ready after/;

beforeAll(async () => {
  [service, gh] = await Promise.all([
    startService({ faults: ['slow-agent-start:60000'] }),
    startGithubStandin(),
  ]);
  const action = (signal: NodeJS.Signals) =>
    runner.run({
      inputs: gateInputs(service, { 'commit-status': 'true', retries: '0' }),
      event: pullRequestEvent(),
      apiUrl: gh.url,
      interrupt: { when: MID_RUN, signal },
      timeoutMs: 30_000,
    });
  const cli = (signal: NodeJS.Signals) =>
    runner.run({
      inputs: {},
      event: pullRequestEvent(),
      apiUrl: gh.url,
      command: {
        entry: CLI_ENTRY,
        args: [
          'run',
          '--base-url',
          service.baseUrl,
          '--jwt-secret-env',
          'SIM_SECRET',
          '--retries',
          '0',
          '--results-dir',
          'out',
        ],
      },
      env: { SIM_SECRET: DEFAULT_SIM_SECRET, CI: 'true' },
      interrupt: { when: MID_RUN, signal },
      timeoutMs: 30_000,
    });
  [runs.actionSIGINT, runs.actionSIGTERM, runs.cliSIGINT, runs.cliSIGTERM] = await Promise.all([
    action('SIGINT'),
    action('SIGTERM'),
    cli('SIGINT'),
    cli('SIGTERM'),
  ]);
}, 90_000);

afterAll(async () => {
  await Promise.all([service?.close(), gh?.close()]);
  runner.cleanup();
});

function filesOf(run: ActionRun, dir: string): { results: Results; report: string; junit: string } {
  const base = join(run.workspace, dir);
  for (const f of ['results.json', 'report.md', 'junit.xml']) {
    expect(existsSync(join(base, f)), f).toBe(true);
  }
  return {
    results: JSON.parse(readFileSync(join(base, 'results.json'), 'utf8')) as Results,
    report: readFileSync(join(base, 'report.md'), 'utf8'),
    junit: readFileSync(join(base, 'junit.xml'), 'utf8'),
  };
}

describe.each(['SIGINT', 'SIGTERM'] as const)('cancelled with %s', (signal) => {
  it('the action writes every file, the outputs and the summary, inconclusive: cancelled', () => {
    const run = runs[`action${signal}`];
    expect(run.timedOut).toBe(false);
    expect(run.exitAfterSignalMs).toBeDefined();
    const { results, report, junit } = filesOf(run, 'staging-gate-results');
    expect(results.verdict).toBe('inconclusive');
    expect(results.reason).toMatch(new RegExp(`^cancelled \\(${signal}\\): \\d+ of 34 tests ran`));
    const notRun = results.tests.filter((t) => t.skipReason === 'not run: the run was cancelled');
    expect(notRun.map((t) => t.id)).toContain('websocket-events/agent-event-flow');
    expect(report).toContain('cancelled');
    expect(junit).toContain('<testsuites');
    expect(run.outputs.verdict).toBe('inconclusive');
    expect(run.outputs['results-path']).toBe(
      join(run.workspace, 'staging-gate-results', 'results.json'),
    );
    expect(run.outputs.total).toBe('34');
    expect(run.summary).toContain('cancelled');
    // on-inconclusive: fail (the default) fails the step, by the one rule
    expect(run.code).toBe(1);
    expect(workflowCommands(run.stdout, 'error').join('\n')).toMatch(/inconclusive: cancelled/);
  });

  it('the CLI writes every file and exits 2 (inconclusive), saying it cancelled', () => {
    const run = runs[`cli${signal}`];
    expect(run.timedOut).toBe(false);
    const { results } = filesOf(run, 'out');
    expect(results.verdict).toBe('inconclusive');
    expect(results.reason).toMatch(new RegExp(`^cancelled \\(${signal}\\)`));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`staging-gate: ${signal}: cancelling`);
  });
});

it('a cancelled action writes no PR comment and no commit status', () => {
  const writes = gh.requests.filter((r) => r.method !== 'GET');
  expect(writes).toEqual([]);
});
