/**
 * The verdict, as in Argo Rollouts analysis: `fail` when a rule is broken, `inconclusive`
 * when the run could not judge (cancelled, the service never became ready, nothing was
 * graded, a critical test did not run), `pass` otherwise. The reason names every rule that
 * decided, with its numbers. No green without evidence: a critical test that was skipped
 * never counts as passed.
 */
import type { MetricResult, Readiness, TestResult, Verdict } from '../model.js';
import type { GatePolicy } from './policy.js';
import { passRateOf } from './summary.js';

export interface VerdictInput {
  tests: readonly TestResult[];
  metrics: readonly MetricResult[];
  readiness: Readiness;
  /** the run was stopped before it finished: the signal (`SIGTERM`, `SIGINT`) or another cause */
  cancelled?: string;
}

/** How many critical ids a reason names before "and N more". */
const NAMED_CRITICAL = 3;

export function decideVerdict(input: VerdictInput, policy: GatePolicy): Verdict {
  const { tests, metrics, readiness } = input;
  if (input.cancelled !== undefined) {
    return { verdict: 'inconclusive', reason: cancelledReason(input.cancelled, tests) };
  }
  if (!readiness.ready) return { verdict: 'inconclusive', reason: readinessReason(readiness) };

  const graded = tests.filter((t) => t.status !== 'skipped');
  if (graded.length === 0) return { verdict: 'inconclusive', reason: nothingGradedReason(tests) };

  const failed = graded.filter((t) => t.status === 'failed');
  const flaky = graded.filter((t) => t.status === 'flaky').length;
  const skipped = tests.length - graded.length;
  const failRate = (failed.length / graded.length) * 100;
  const breached = metrics.filter((m) => m.status === 'breached');

  const broken: string[] = [];
  if (failRate > policy.maxFailureRate) {
    broken.push(`${failedFraction(failed.length, graded.length)} > ${policy.maxFailureRate} %`);
  }
  const critical = failed.filter((t) => t.critical).map((t) => t.id);
  if (critical.length > 0) broken.push(`critical ${namedList(critical)} failed`);
  if (policy.perfGate === 'fail' && breached.length > 0) {
    broken.push(`performance: ${breached.map(breachText).join(', ')}`);
  }
  if (broken.length > 0) return { verdict: 'fail', reason: oneLine(broken.join('; ')) };

  const notRun = tests.filter((t) => t.status === 'skipped' && t.critical);
  if (notRun.length > 0) return { verdict: 'inconclusive', reason: notRunReason(notRun) };

  const notes = [
    `${graded.length - failed.length}/${graded.length} passed (${passRateOf(graded.length - failed.length, graded.length).toFixed(1)} %)`,
  ];
  if (failed.length > 0) {
    notes.push(
      `${failedFraction(failed.length, graded.length)} ≤ ${policy.maxFailureRate} % allowed`,
    );
  }
  if (flaky > 0) notes.push(`${flaky} flaky (passed on retry)`);
  if (skipped > 0) notes.push(`${skipped} skipped`);
  if (policy.perfGate === 'warn' && breached.length > 0) {
    notes.push(`warning: ${breached.map(breachText).join(', ')} (perf-gate: warn)`);
  }
  return { verdict: 'pass', reason: oneLine(notes.join('; ')) };
}

function failedFraction(failed: number, graded: number): string {
  return `${failed}/${graded} failed (${((failed / graded) * 100).toFixed(1)} %)`;
}

function namedList(ids: readonly string[]): string {
  const named = ids.slice(0, NAMED_CRITICAL).join(', ');
  return ids.length > NAMED_CRITICAL ? `${named} and ${ids.length - NAMED_CRITICAL} more` : named;
}

function breachText(m: MetricResult): string {
  const p95 = m.p95 !== undefined ? `${m.p95} ms` : 'unknown';
  return `${m.name} p95 ${p95} > ${m.target} ms`;
}

/**
 * The runner's readiness message already carries the wait, the polls and the last answer;
 * the reason only says which way readiness failed, and adds the counts if they are missing.
 */
export function readinessReason(readiness: Readiness): string {
  const lead =
    readiness.category === 'stale_deploy'
      ? 'service never reported the expected version'
      : readiness.category === 'connection_failed'
        ? 'service unreachable'
        : 'service never became ready';
  let text = `${lead}: ${readiness.message}`;
  if (!/\bpolls?\b/.test(readiness.message)) {
    const polls = `${readiness.polls} ${readiness.polls === 1 ? 'poll' : 'polls'}`;
    text += ` (${polls} in ${Math.round(readiness.waitedMs / 1000)} s)`;
  }
  return oneLine(text);
}

function nothingGradedReason(tests: readonly TestResult[]): string {
  if (tests.length === 0) return 'nothing could be graded: no test was selected';
  const reasons = new Map<string, number>();
  for (const t of tests) {
    const r = t.skipReason ?? 'no reason given';
    reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  const [top] = [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const all =
    tests.length === 1 ? 'the only selected test was' : `all ${tests.length} selected tests were`;
  return oneLine(`nothing could be graded: ${all} skipped (${top[0]})`);
}

/** `cancelled (SIGTERM): 12 of 37 tests ran, 25 did not` */
function cancelledReason(cause: string, tests: readonly TestResult[]): string {
  const ran = tests.filter((t) => t.status !== 'skipped').length;
  const tail =
    tests.length === 0
      ? 'before the tests were selected'
      : `${ran} of ${tests.length} ${tests.length === 1 ? 'test' : 'tests'} ran` +
        (ran < tests.length ? `, ${tests.length - ran} did not` : '');
  return oneLine(`cancelled (${cause}): ${tail}`);
}

/**
 * `27 critical tests did not run: they need jwt-secret or auth-token … (a/x, a/y, b/z and
 * 24 more)`; with several reasons, each with its count and first ids.
 */
function notRunReason(notRun: readonly TestResult[]): string {
  const byReason = new Map<string, string[]>();
  for (const t of notRun) {
    const r = t.skipReason ?? 'skipped, no reason given';
    const ids = byReason.get(r);
    if (ids) ids.push(t.id);
    else byReason.set(r, [t.id]);
  }
  const groups = [...byReason].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const n = notRun.length;
  const head = `${n} critical ${n === 1 ? 'test' : 'tests'} did not run`;
  if (groups.length === 1) {
    const [[reason, ids]] = groups;
    return oneLine(`${head}: ${needText(reason, n, n === 1 ? 'it' : 'they')} (${namedList(ids)})`);
  }
  const parts = groups.map(
    ([reason, ids]) => `${needText(reason, ids.length, String(ids.length))} (${namedList(ids)})`,
  );
  return oneLine(`${head}: ${parts.join('; ')}`);
}

/** `needs X` → `they need X` / `it needs X`; any other reason → `they were skipped: …`. */
function needText(reason: string, count: number, subject: string): string {
  const m = /^needs\s+(.*)$/s.exec(reason);
  if (m) return `${subject} ${count === 1 ? 'needs' : 'need'} ${m[1]}`;
  return `${subject} ${count === 1 ? 'was' : 'were'} skipped: ${reason}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
