/**
 * What the action writes to GitHub besides the comment, and what happens when it may not
 * write: `commit-status: true` sets `staging-gate/<key>` on the PR's head commit; a fork's
 * read-only token (403 on every write) costs the comment and the status, never the verdict,
 * the outputs or the job summary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  READ_ONLY_TOKEN,
  startGithubStandin,
  type GithubStandin,
} from '../support/github-standin.js';
import { MERGE_SHA, pullRequestEvent, PR_HEAD_SHA } from './events.js';
import {
  ActionRunner,
  unescapeCommandData,
  workflowCommands,
  type ActionRun,
} from './run-action.js';
import { gateInputs, startService, type ServiceUnderTest } from './service.js';

const runner = new ActionRunner();
const opened: Array<{ close(): Promise<void> }> = [];

interface Scenario {
  gh: GithubStandin;
  run: ActionRun;
}

async function scenario(
  faults: string[],
  inputs: Record<string, string>,
  githubToken?: string,
): Promise<Scenario> {
  const [gh, service]: [GithubStandin, ServiceUnderTest] = await Promise.all([
    startGithubStandin(),
    startService({ faults }),
  ]);
  opened.push(gh, service);
  const run = await runner.run({
    inputs: gateInputs(service, inputs),
    event: pullRequestEvent(),
    apiUrl: gh.url,
    ...(githubToken ? { githubToken } : {}),
  });
  return { gh, run };
}

const SMALL = { modules: 'health,websocket-events' };
let statusPass: Scenario;
let statusFail: Scenario;
let readOnlyPass: Scenario;
let readOnlyFail: Scenario;
let noStatus: Scenario;

beforeAll(async () => {
  [statusPass, statusFail, readOnlyPass, readOnlyFail, noStatus] = await Promise.all([
    scenario([], { ...SMALL, 'commit-status': 'true', 'comment-key': 'preview' }),
    scenario(['ws-1011-on-agent'], { ...SMALL, 'commit-status': 'true' }),
    scenario([], { ...SMALL, 'commit-status': 'true' }, READ_ONLY_TOKEN),
    scenario(['ws-1011-on-agent'], { ...SMALL, 'commit-status': 'true' }, READ_ONLY_TOKEN),
    scenario([], SMALL),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.map((o) => o.close()));
  runner.cleanup();
});

describe('commit-status: true', () => {
  it('sets staging-gate/<comment-key> on the PR head sha, success for a pass', () => {
    const { gh, run } = statusPass;
    expect(run.code).toBe(0);
    expect(gh.state.statuses).toHaveLength(1);
    const [status] = gh.state.statuses;
    expect(status).toMatchObject({
      sha: PR_HEAD_SHA,
      context: 'staging-gate/preview',
      state: 'success',
      targetUrl: 'https://github.com/acme/web/actions/runs/4242',
    });
    expect(status.sha).not.toBe(MERGE_SHA);
    expect(status.description).toMatch(/^pass: /);
  });

  it('sets failure for a fail, with a description GitHub accepts (at most 140 characters)', () => {
    const { gh, run } = statusFail;
    expect(run.code).toBe(1);
    expect(gh.state.statuses).toHaveLength(1);
    const [status] = gh.state.statuses;
    expect(status).toMatchObject({
      sha: PR_HEAD_SHA,
      context: 'staging-gate/staging',
      state: 'failure',
    });
    expect([...(status.description ?? '')].length).toBeLessThanOrEqual(140);
    expect(status.description).toMatch(/^fail: /);
  });

  it('is not set by default (commit-status: false)', () => {
    const { gh, run } = noStatus;
    expect(run.code).toBe(0);
    expect(gh.state.comments).toHaveLength(1);
    expect(gh.requests.filter((r) => r.path.includes('/statuses/'))).toEqual([]);
  });
});

describe('a read-only token (a fork PR): 403 on every write', () => {
  it('keeps the exit code: 0 for a pass, 1 for a fail', () => {
    expect(readOnlyPass.run.code).toBe(0);
    expect(readOnlyPass.run.outputs.verdict).toBe('pass');
    expect(readOnlyFail.run.code).toBe(1);
    expect(readOnlyFail.run.outputs.verdict).toBe('fail');
    expect(workflowCommands(readOnlyFail.run.stdout, 'error')).toHaveLength(1);
  });

  it('keeps every output (comment-url empty) and the job summary', () => {
    for (const { run } of [readOnlyPass, readOnlyFail]) {
      expect(run.outputs['comment-url']).toBe('');
      for (const name of ['verdict', 'passed', 'failed', 'total', 'pass-rate', 'results-path']) {
        expect(run.outputs[name], name).toMatch(/\S/);
      }
      expect(run.summary).toContain('staging-gate');
      expect(run.summary.length).toBeGreaterThan(200);
    }
  });

  it('warns naming the missing permissions, pull-requests: write and statuses: write', () => {
    for (const { run, gh } of [readOnlyPass, readOnlyFail]) {
      const warnings = workflowCommands(run.stdout, 'warning').map(unescapeCommandData);
      expect(warnings.some((w) => w.includes('`pull-requests: write`'))).toBe(true);
      expect(warnings.some((w) => w.includes('`statuses: write`'))).toBe(true);
      expect(gh.state.comments).toHaveLength(0);
      expect(gh.state.statuses).toHaveLength(0);
    }
  });
});
