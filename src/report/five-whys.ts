/**
 * A five-whys template for each distinct problem of a run: Why 1 filled from the evidence
 * (the exact symptom, with counts), Whys 2–5 as checklists of the causes known for its
 * category, a root-cause line to fill and the criteria that prove the fix. The person on
 * call confirms or strikes causes; the report never pretends to know which one it is. The
 * first problem's whys are open; the others are folded, one `<details>` each.
 */
import type {
  EvidenceEntry,
  FailureCategory,
  MetricResult,
  Pattern,
  Results,
  TestResult,
} from '../model.js';
import { readinessReason } from '../verdict/decide.js';
import { DEFAULT_WHYS, FIVE_WHYS, type WhyStep } from './five-whys-table.js';
import { code, text } from './markdown.js';
import { failingPatterns, patternName, testsById } from './pattern-names.js';
import { frameLabel } from './sequence.js';
import { formatInt, formatMetricMs, formatMs, plural } from './units.js';

/** What the template is about: a pattern of failures, readiness, or a breached metric. */
export interface WhySubject {
  category: FailureCategory;
  /** the heading: a pattern's name, a readiness failure, a breached metric (markdown) */
  title: string;
  /** the same as plain text, for a `<summary>` (which shows markdown as typed) */
  plainTitle: string;
  /** Why 1's answer (markdown) */
  symptom: string;
  /** criteria specific to this subject (markdown), before the category's own */
  fixedWhen: string[];
}

const DIR_WORD: Readonly<Record<EvidenceEntry['dir'], string>> = {
  out: 'sent',
  in: 'received',
  close: 'close',
  http: 'http',
  note: 'note',
};

/** Tests named as "passes on staging" criteria, critical ones first. */
const NAMED_TESTS = 5;

/** Problems drawn a five whys each; the rest are named in "What broke". */
const MAX_SUBJECTS = 5;

/** The primary problem: the first of `whySubjects`. */
export function whySubject(results: Results): WhySubject | undefined {
  return whySubjects(results)[0];
}

/**
 * Every distinct problem that broke the gate, the one to investigate first first: each
 * pattern with a hard failure, the readiness wait, and breached metrics that failed the gate
 * without a failed test of their own.
 */
export function whySubjects(results: Results): WhySubject[] {
  const byId = testsById(results);
  const patterns = failingPatterns(results);
  const subjects = patterns.map((p) => patternSubject(p, byId));
  if (results.readiness && !results.readiness.ready) {
    const lead = readinessLead(results.readiness.category);
    subjects.push({
      category: results.readiness.category ?? 'service_unavailable',
      title: text(lead),
      plainTitle: lead,
      symptom: `At ${text(results.target.baseUrl)}, ${text(readinessReason(results.readiness), 600)}. No test was graded.`,
      fixedWhen: ["the gate's readiness wait ends with the service ready and the suite runs"],
    });
  }
  const breached = results.metrics.filter(
    (m) =>
      m.status === 'breached' &&
      !patterns.some((p) => p.category === 'performance_breach' && p.signature.startsWith(m.name)),
  );
  if (breached.length > 0 && results.verdict === 'fail') subjects.push(metricSubject(breached));
  return subjects;
}

export function renderFiveWhys(results: Results): string {
  const subjects = whySubjects(results);
  if (subjects.length === 0) return '';
  const shown = subjects.slice(0, MAX_SUBJECTS);
  const [first, ...rest] = shown;
  const out = [`### Five whys: ${first.title}`, ''];
  if (subjects.length > 1) {
    const others = subjects.length - 1;
    out.push(
      `The whys of the other ${others === 1 ? 'problem' : `${formatInt(others)} problems`} that broke the gate follow, folded.`,
      '',
    );
  }
  out.push(whysBody(first));
  rest.forEach((subject) => {
    out.push(
      '',
      '<details>',
      `<summary>Five whys: <code>${htmlEscape(subject.plainTitle)}</code></summary>`,
      '',
      whysBody(subject),
      '',
      '</details>',
    );
  });
  if (subjects.length > shown.length) {
    out.push(
      '',
      `… and ${plural(subjects.length - shown.length, 'more problem')}: see "What broke"; its five whys follow once the ones above are fixed.`,
    );
  }
  return out.join('\n');
}

function whysBody(subject: WhySubject): string {
  const knowledge = FIVE_WHYS[subject.category];
  // A category says Whys 2–3 (sometimes 4); "why staging" and "why not earlier" complete it.
  const whys: WhyStep[] = [...knowledge.whys, ...DEFAULT_WHYS.slice(knowledge.whys.length - 2)];
  const out = [
    `Category ${code(subject.category)}. Tick the causes you confirm, strike the ones you rule out.`,
    '',
    `**Why 1: what exactly failed?** ${subject.symptom}`,
  ];
  whys.slice(0, 4).forEach((why, i) => {
    out.push('', `**Why ${i + 2}: ${why.question}**`, '');
    for (const cause of why.causes) out.push(`- [ ] ${cause}`);
    out.push('- [ ] something else: …');
  });
  out.push('', '**Root cause:** _one sentence, once a cause is confirmed at each why_', '');
  out.push('**Fixed when**', '');
  const criteria = [
    ...subject.fixedWhen,
    ...knowledge.fixedWhen,
    'the gate passes on the deploy that carries the fix (with `expected-version` set)',
  ];
  for (const c of criteria) out.push(`- [ ] ${c}`);
  return out.join('\n');
}

function htmlEscape(value: string): string {
  const line = value.replace(/\s+/g, ' ').trim();
  const cut = line.length > 160 ? `${line.slice(0, 159)}…` : line;
  return cut
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function readinessLead(category: string | undefined): string {
  if (category === 'stale_deploy') return 'the service never reported the expected version';
  if (category === 'connection_failed') return 'the service was unreachable';
  return 'the service never became ready';
}

function patternSubject(pattern: Pattern, byId: ReadonlyMap<string, TestResult>): WhySubject {
  const name = patternName(pattern, byId);
  const tests = pattern.tests.map((id) => byId.get(id)).filter((t): t is TestResult => !!t);
  const failures = tests.flatMap((t) => (t.failure ? [t.failure] : []));
  const flaky = tests.filter((t) => t.status === 'flaky').length;
  const critical = tests.filter((t) => t.critical && t.status === 'failed');

  const parts = [
    `${plural(pattern.count, 'test')} in ${plural(pattern.modules.length, 'module')} (${pattern.modules.map((m) => code(m)).join(', ')}) failed with ${code(name)}`,
  ];
  const facts: string[] = [];
  if (flaky > 0) facts.push(`${flaky} of them passed on a retry (flaky)`);
  if (critical.length > 0) {
    facts.push(
      critical.length === pattern.count
        ? pattern.count === 1
          ? 'critical'
          : 'all critical'
        : `${formatInt(critical.length)} of them critical`,
    );
  }
  const stages = countBy(failures.map((f) => f.stage).filter((s): s is string => !!s));
  if (stages.length > 0) {
    facts.push(`at stage ${stages.map(([s, n]) => `${code(s)} (${n})`).join(', ')}`);
  }
  const elapsed = failures.map((f) => f.elapsedMs).filter((e): e is number => e !== undefined);
  if (elapsed.length > 0) {
    const lo = Math.min(...elapsed);
    const hi = Math.max(...elapsed);
    facts.push(
      lo === hi
        ? `${formatMs(lo)} into the exchange`
        : `${formatMs(lo)} to ${formatMs(hi)} into the exchange`,
    );
  }
  const statuses = countBy(
    failures
      .map((f) => f.httpStatus)
      .filter((s) => s !== undefined)
      .map(String),
  );
  if (statuses.length > 0) facts.push(`HTTP ${statuses.map(([s, n]) => `${s} (${n})`).join(', ')}`);
  let symptom = `${parts[0]}${facts.length > 0 ? `; ${facts.join('; ')}` : ''}.`;

  const first = tests.find((t) => t.status === 'failed') ?? tests[0];
  if (first?.failure) {
    symptom += ` First: ${code(first.id)}: ${text(first.failure.message, 240)}`;
    const tail = (first.failure.evidence ?? []).slice(-2);
    if (tail.length > 0) {
      const label = (e: EvidenceEntry): string =>
        `+${formatMs(e.atMs)} ${DIR_WORD[e.dir]} ${e.dir === 'in' || e.dir === 'out' ? frameLabel(e.text) : e.text}`;
      symptom += ` (last exchanged: ${tail.map((e) => code(label(e), 100)).join(', ')})`;
    }
    symptom += '.';
  }

  const named = [...critical, ...tests.filter((t) => !(t.critical && t.status === 'failed'))].slice(
    0,
    NAMED_TESTS,
  );
  const fixedWhen = named.map((t) => `${code(t.id)} passes on staging`);
  if (tests.length > named.length) {
    fixedWhen.push(`the other ${plural(tests.length - named.length, 'test')} of this pattern pass`);
  }
  return { category: pattern.category, title: code(name), plainTitle: name, symptom, fixedWhen };
}

function metricSubject(breached: MetricResult[]): WhySubject {
  const describe = (m: MetricResult): string =>
    `${code(m.name)} p95 ${formatMetricMs(m.p95)} over its ${formatMetricMs(m.target)} target (p50 ${formatMetricMs(m.p50)}, max ${formatMetricMs(m.max)}, ${plural(m.samples, 'sample')})`;
  return {
    category: 'performance_breach',
    title: breached.map((m) => `${code(m.name)} over target`).join(', '),
    plainTitle: breached.map((m) => `${m.name} over target`).join(', '),
    symptom: `${breached.map(describe).join('; ')}.`,
    fixedWhen: breached.map(
      (m) => `${code(m.name)} p95 ≤ ${formatMetricMs(m.target)} in 3 consecutive runs`,
    ),
  };
}

/** [value, count] by count desc, then value, for a stable sentence */
function countBy(values: readonly string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
