/**
 * The main story, run as the runner runs it: a PR's deploy is broken (the seed incident,
 * `ws-1011-on-agent`), the gate fails and comments; the fix is deployed, the gate passes and
 * updates the same comment, which now compares the two iterations. Both runs are the full
 * priority-1 suite. Someone else's comment that quotes our marker is never touched.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentMarker } from '../../src/github/comment.js';
import type { Results } from '../../src/model.js';
import { decodeDigest } from '../../src/report/digest.js';
import {
  startGithubStandin,
  type GithubStandin,
  type StandinComment,
} from '../support/github-standin.js';
import { pullRequestEvent, PR_HEAD_SHA } from './events.js';
import { ActionRunner, workflowCommands, type ActionRun } from './run-action.js';
import { gateInputs, startService, type ServiceUnderTest } from './service.js';

const runner = new ActionRunner();
let gh: GithubStandin;
let broken: ServiceUnderTest;
let fixed: ServiceUnderTest;
let first: ActionRun;
let second: ActionRun;
let firstComment: StandinComment;
let strangers: StandinComment;
let strangersBody: string;

const OUTPUTS = [
  'verdict',
  'passed',
  'failed',
  'skipped',
  'flaky',
  'total',
  'pass-rate',
  'results-path',
  'report-path',
  'junit-path',
  'comment-url',
];

function ours(): StandinComment[] {
  return gh.state.commentsOn(7).filter((c) => c.user.login === 'github-actions[bot]');
}

function resultsOf(run: ActionRun): Results {
  return JSON.parse(readFileSync(run.outputs['results-path'], 'utf8')) as Results;
}

beforeAll(async () => {
  [gh, broken, fixed] = await Promise.all([
    startGithubStandin(),
    startService({ faults: ['ws-1011-on-agent'] }),
    startService(),
  ]);
  // A reviewer quotes our marker in their own comment; it must survive both runs untouched.
  strangersBody = `Quoting the bot:\n${commentMarker('staging')}\n> staging-gate fail`;
  strangers = gh.state.addComment(7, strangersBody, 'mallory');
  gh.state.addComment(7, 'LGTM once staging is green', 'octocat');

  first = await runner.run({
    inputs: gateInputs(broken),
    event: pullRequestEvent(),
    apiUrl: gh.url,
  });
  firstComment = { ...ours()[0] };
  second = await runner.run({
    inputs: gateInputs(fixed),
    event: pullRequestEvent(),
    apiUrl: gh.url,
  });
}, 90_000);

afterAll(async () => {
  await Promise.all([gh?.close(), broken?.close(), fixed?.close()]);
  runner.cleanup();
});

describe('the action on pull_request, against a broken then a fixed deploy', () => {
  it('fails the step (exit 1) on the broken deploy and passes it (exit 0) on the fixed one', () => {
    expect(first.timedOut).toBe(false);
    expect(first.code).toBe(1);
    expect(first.outputs.verdict).toBe('fail');
    const errors = workflowCommands(first.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^staging-gate fail: /);

    expect(second.code).toBe(0);
    expect(second.outputs.verdict).toBe('pass');
    expect(workflowCommands(second.stdout, 'error')).toEqual([]);
  });

  it('the broken deploy fails the way the seed incident did: 1011 after agent_started', () => {
    const results = resultsOf(first);
    const failed = results.tests.filter((t) => t.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.map((t) => t.failure?.category)).toContain('ws_internal_error');
    expect(failed.map((t) => t.id)).toContain('websocket-events/agent-event-flow');
  });

  it('sets every output, consistent with results.json and the full priority-1 suite', () => {
    for (const run of [first, second]) {
      expect(Object.keys(run.outputs).sort()).toEqual([...OUTPUTS].sort());
      const results = resultsOf(run);
      const s = results.summary;
      expect(run.outputs.total).toBe(String(s.total));
      expect(run.outputs.passed).toBe(String(s.passed));
      expect(run.outputs.failed).toBe(String(s.failed));
      expect(run.outputs.skipped).toBe(String(s.skipped));
      expect(run.outputs.flaky).toBe(String(s.flaky));
      expect(run.outputs['pass-rate']).toBe(s.passRate.toFixed(1));
      expect(run.outputs['pass-rate']).toMatch(/^\d{1,3}\.\d$/);
      expect(results.verdict).toBe(run.outputs.verdict);
      // every priority-1 test ran, none at another priority
      expect(s.total).toBeGreaterThanOrEqual(20);
      expect(results.tests.every((t) => t.priority === 1)).toBe(true);
      // the default results-dir, relative to the workspace as in a real job
      for (const name of ['results-path', 'report-path', 'junit-path']) {
        expect(run.outputs[name].startsWith(`${run.workspace}/staging-gate-results/`)).toBe(true);
        expect(existsSync(run.outputs[name])).toBe(true);
      }
    }
    expect(Number(second.outputs.passed) + Number(second.outputs.flaky)).toBe(
      Number(second.outputs.total),
    );
    expect(Number(first.outputs.failed)).toBeGreaterThan(0);
  });

  it('writes the job summary: the report, with the verdict and the failing tests', () => {
    expect(first.summary).toContain('websocket-events/agent-event-flow');
    expect(first.summary).toMatch(/fail/i);
    expect(second.summary).toMatch(/pass/i);
    expect(second.summary.length).toBeGreaterThan(200);
  });

  it('creates one comment, then updates it in place: never a second one', () => {
    expect(firstComment.body).toContain(commentMarker('staging'));
    expect(first.outputs['comment-url']).toBe(
      `https://github.com/acme/web/pull/7#issuecomment-${firstComment.id}`,
    );
    const now = ours();
    expect(now).toHaveLength(1);
    expect(now[0].id).toBe(firstComment.id);
    expect(now[0].body).not.toBe(firstComment.body);
    expect(second.outputs['comment-url']).toBe(first.outputs['comment-url']);
    const writes = gh.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql');
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/web/issues/7/comments',
      `PATCH /repos/acme/web/issues/comments/${firstComment.id}`,
    ]);
  });

  it("leaves someone else's comment that contains our marker untouched", () => {
    const theirs = gh.state.comments.find((c) => c.id === strangers.id);
    expect(theirs?.body).toBe(strangersBody);
    expect(theirs?.updatedAt).toBe(strangers.updatedAt);
    expect(gh.requests.some((r) => r.path.endsWith(`/comments/${strangers.id}`))).toBe(false);
    expect(gh.state.commentsOn(7)).toHaveLength(3);
  });

  it('the second comment is iteration 2 and names what the fix fixed', () => {
    const before = resultsOf(first);
    const failedBefore = before.tests.filter((t) => t.status === 'failed').map((t) => t.id);
    const body = ours()[0].body;

    const digest = decodeDigest(body);
    expect(digest).toMatchObject({ iteration: 2, verdict: 'pass', failed: [] });
    expect(decodeDigest(firstComment.body)).toMatchObject({
      iteration: 1,
      verdict: 'fail',
      failed: failedBefore,
    });

    expect(body).toContain('### Loop iteration 2');
    expect(body).toContain('before (iteration 1)');
    expect(body).toContain('after (iteration 2)');
    const verdictRow = body.split('\n').find((l) => l.startsWith('| verdict'));
    expect(verdictRow).toMatch(/fail.*\|.*pass/);
    const rateRow = body.split('\n').find((l) => l.startsWith('| pass rate'));
    expect(rateRow).toContain(`${before.summary.passRate.toFixed(1)}`);

    const fixedLine = body.split('\n').find((l) => l.startsWith('- **Fixed:**')) ?? '';
    const m = /^- \*\*Fixed:\*\* (\d+): (.*)$/.exec(fixedLine);
    expect(m, fixedLine).not.toBeNull();
    expect(Number(m?.[1])).toBe(failedBefore.length);
    const named = [...(m?.[2] ?? '').matchAll(/`([^`]+)`/g)].map((x) => x[1]);
    expect(named.length).toBe(Math.min(10, failedBefore.length));
    for (const id of named) expect(failedBefore).toContain(id);
    expect(body).toContain('- **Newly failing:** none');
    expect(body).toContain('- **Still failing:** none');
  });

  it('reports on the PR head commit, not the merge commit GITHUB_SHA names', () => {
    const results = resultsOf(second) as Results & { commit?: string };
    expect(JSON.stringify(results)).toContain(PR_HEAD_SHA);
  });
});
