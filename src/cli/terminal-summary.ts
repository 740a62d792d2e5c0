/**
 * What the terminal shows at the end of a run: the module table, each distinct problem once
 * with the tests it broke, the measured performance and the verdict — the same numbers as
 * results.json, in plain text. Each failure was printed as it happened; here it is named
 * once, under its problem. The five whys live in report.md, which this points to.
 */
import type { MetricResult, ModuleSummary, Pattern, Results, TestResult } from '../model.js';
import { patternName, testsById } from '../report/pattern-names.js';
import { whySubjects } from '../report/five-whys.js';

/** Test ids named under a problem; the rest are counted. */
const NAMED_TESTS = 10;

export interface TerminalSummaryContext {
  /** where report.md was written: the five whys are there */
  reportPath?: string;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function ms(v: number | undefined): string {
  return v === undefined ? '—' : `${v.toFixed(1)} ms`;
}

function metricLine(m: MetricResult): string {
  const values =
    m.samples === 0 ? 'no samples' : `p50 ${ms(m.p50)}  p95 ${ms(m.p95)}  max ${ms(m.max)}`;
  return `  ${pad(m.name, 22)} ${pad(values, 44)} target ${m.target} ms  ${m.status}`;
}

export function renderTerminalSummary(results: Results, ctx: TerminalSummaryContext = {}): string {
  const out: string[] = ['', ...moduleTable(results)];
  const problems = problemLines(results);
  if (problems.length > 0) out.push('', ...problems);
  out.push('', '  Performance (measured):');
  for (const m of results.metrics) out.push(metricLine(m));
  const s = results.summary;
  out.push(
    '',
    `  ${results.verdict.toUpperCase()}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.flaky} flaky (${s.passRate.toFixed(1)} %) in ${(results.durationMs / 1000).toFixed(2)} s`,
    `  ${results.reason}`,
  );
  const whys = whySubjects(results).length;
  if (whys > 0) {
    const where = ctx.reportPath ?? 'report.md';
    out.push(
      `  five whys for ${whys === 1 ? 'this problem' : `each of the ${whys} problems`}: ${where}`,
    );
  }
  out.push('');
  return out.join('\n');
}

function moduleTable(results: Results): string[] {
  if (results.modules.length === 0) return ['  no module was selected'];
  const notRun = results.readiness !== undefined && !results.readiness.ready;
  const width = Math.max(8, ...results.modules.map((m) => m.id.length));
  const out = [`  ${pad('module', width)}  passed/total  status   duration`];
  for (const m of results.modules) {
    const graded = m.total - m.skipped;
    const count = graded > 0 ? `${m.passed + m.flaky}/${graded}` : '—';
    out.push(
      `  ${pad(m.id, width)}  ${pad(count, 12)}  ${pad(moduleStatus(m, notRun), 7)}  ${graded > 0 ? `${(m.durationMs / 1000).toFixed(2)} s` : '—'}`,
    );
  }
  const graded = results.modules.filter((m) => m.total > m.skipped).length;
  if (graded === 0) {
    const tests = results.modules.reduce((n, m) => n + m.total, 0);
    out.push(
      notRun
        ? `  none of the ${results.modules.length} modules (${tests} tests) ran: the service never became ready`
        : `  none of the ${results.modules.length} modules (${tests} tests) was graded: every test was skipped`,
    );
  } else {
    const failed = results.modules.filter((m) => m.failed > 0).length;
    out.push(`  ${failed}/${results.modules.length} modules failed`);
  }
  return out;
}

function moduleStatus(m: ModuleSummary, notRun: boolean): string {
  if (m.failed > 0) return 'FAIL';
  if (m.total === m.skipped) return notRun ? 'not run' : 'skipped';
  return m.flaky > 0 ? 'flaky' : 'pass';
}

/** Each pattern once: its name, count and modules, the wire facts of its first failure, its tests. */
function problemLines(results: Results): string[] {
  const byId = testsById(results);
  const broke: string[] = [];
  const flaky: string[] = [];
  let brokeN = 0;
  let flakyN = 0;
  results.patterns.forEach((p) => {
    const tests = p.tests.map((id) => byId.get(id)).filter((t): t is TestResult => !!t);
    const hard = tests.filter((t) => t.status === 'failed');
    if (hard.length > 0) broke.push(...patternLines(p, byId, hard, ++brokeN));
    else flaky.push(...patternLines(p, byId, tests, ++flakyN));
  });
  const inPattern = new Set(results.patterns.flatMap((p) => p.tests));
  const loose = results.tests.filter((t) => t.status === 'failed' && !inPattern.has(t.id));
  const out: string[] = [];
  const count = results.patterns.filter((p) =>
    p.tests.some((id) => byId.get(id)?.status === 'failed'),
  ).length;
  if (broke.length > 0)
    out.push(`  What broke (${count === 1 ? '1 problem' : `${count} problems`}):`, ...broke);
  if (loose.length > 0) {
    if (out.length > 0) out.push('');
    out.push('  Failed without a recorded failure:', `     ${named(loose)}`);
  }
  if (flaky.length > 0) {
    if (out.length > 0) out.push('');
    out.push('  Flaky (failed, then passed on a retry):', ...flaky);
  }
  return out;
}

function patternLines(
  p: Pattern,
  byId: ReadonlyMap<string, TestResult>,
  tests: readonly TestResult[],
  n: number,
): string[] {
  const where = p.modules.length === 1 ? `in ${p.modules[0]}` : `in ${p.modules.length} modules`;
  const f = tests.find((t) => t.failure)?.failure;
  const facts = [
    f?.closeCode !== undefined
      ? `close ${f.closeCode}${f.closeReason ? ` "${f.closeReason}"` : ''}`
      : '',
    f?.httpStatus !== undefined ? `HTTP ${f.httpStatus}` : '',
    f?.stage ? `stage ${f.stage}` : '',
  ].filter(Boolean);
  const critical = tests.filter((t) => t.critical).length;
  const head = `  ${n}. [${p.category}] ${tests.length} ${tests.length === 1 ? 'test' : 'tests'} ${where}${critical === 0 ? '' : critical === tests.length ? (tests.length === 1 ? ', critical' : ', all critical') : `, ${critical} critical`}: ${patternName(p, byId)}${facts.length ? ` (${facts.join(', ')})` : ''}`;
  return [head, `     ${named(tests)}`];
}

function named(tests: readonly TestResult[]): string {
  const ids = tests.slice(0, NAMED_TESTS).map((t) => t.id);
  const more = tests.length > NAMED_TESTS ? ` and ${tests.length - NAMED_TESTS} more` : '';
  return `${ids.join(', ')}${more}`;
}
