/**
 * Failed tests, grouped by the problem that broke them: one row per pattern listing its
 * tests and what happened on the wire the first time (close code and reason, HTTP status,
 * stage, elapsed, the check's message), not ten near-identical rows. Flaky tests one row
 * each; the frames exchanged before each failure folded underneath, for whoever needs them.
 */
import type { EvidenceEntry, Failure, Pattern, Results, TestResult } from '../model.js';
import type { Detail } from './budget.js';
import { code, fenced, scrub, table, text, truncate } from './markdown.js';
import { testsById } from './pattern-names.js';
import { closeCodeName } from '../verdict/signature.js';
import { formatInt, formatMs, plural } from './units.js';

const EVIDENCE_LIMITS = {
  full: { entries: Number.POSITIVE_INFINITY, chars: 300 },
  trimmed: { entries: 6, chars: 120 },
} as const;

/** A person reads two dozen names; the rest are counted (and listed in results.json). */
const NAMED_PER_PROBLEM = 25;

interface Row {
  /** the pattern's number in "What broke", 1-based; undefined for a failure in no pattern */
  n?: number;
  pattern?: Pattern;
  /** failed tests, critical first */
  tests: TestResult[];
}

export function renderFailures(results: Results, detail: Detail): string {
  const rows = failedRows(results);
  const failedCount = rows.reduce((n, r) => n + r.tests.length, 0);
  const flaky = results.tests.filter((t) => t.status === 'flaky');
  const out: string[] = [];
  let budget = detail.maxTestsNamed;
  const named: TestResult[] = [];

  if (failedCount > 0) {
    const cells: string[][] = [];
    for (const r of rows) {
      if (budget <= 0) break;
      const shown = r.tests.slice(0, Math.min(budget, NAMED_PER_PROBLEM));
      budget -= shown.length;
      named.push(...shown);
      cells.push([problemCell(r), testsCell(r.tests, shown), whatHappenedCell(r.tests[0])]);
    }
    const heading =
      rows.length === 1
        ? `### Failed tests (${formatInt(failedCount)})`
        : `### Failed tests (${formatInt(failedCount)}), by problem`;
    out.push(heading, '', table(['problem', 'tests', 'what happened (first)'], cells));
    const left = rows.slice(cells.length);
    if (left.length > 0) {
      const tests = left.reduce((n, r) => n + r.tests.length, 0);
      out.push(
        '',
        `… and ${plural(left.length, 'more problem')} (${plural(tests, 'failed test')}, see \`results.json\`).`,
      );
    }
    const evidence = renderEvidence(named, detail);
    if (evidence) out.push('', evidence);
  }
  if (flaky.length > 0) {
    const shown = flaky.slice(0, Math.max(0, budget));
    if (out.length > 0) out.push('');
    out.push(`### Flaky tests (${formatInt(flaky.length)}): failed, then passed on a retry`, '');
    if (shown.length > 0) out.push(flakyTable(shown));
    if (flaky.length > shown.length)
      out.push('', `… and ${plural(flaky.length - shown.length, 'more flaky test')}.`);
  }
  const skipped = renderSkipped(results.tests);
  if (skipped) out.push(...(out.length > 0 ? [''] : []), skipped);
  const leftOut = renderLeftOut(results);
  if (leftOut) out.push(...(out.length > 0 ? [''] : []), leftOut);
  return out.join('\n');
}

/** Tests of the shared suite that the protocol cannot carry: never selected, never passed. */
function renderLeftOut(results: Results): string {
  const left = results.leftOut ?? [];
  if (left.length === 0) return '';
  const byReason = new Map<string, string[]>();
  for (const t of left) byReason.set(t.reason, [...(byReason.get(t.reason) ?? []), t.id]);
  const lines = [...byReason].map(
    ([reason, ids]) => `- ${text(reason, 200)}: ${ids.map((id) => code(id)).join(', ')}`,
  );
  return [
    '<details>',
    `<summary>Not carried by this protocol (${formatInt(left.length)})</summary>`,
    '',
    ...lines,
    '',
    '</details>',
  ].join('\n');
}

/** Failed tests by pattern, in the patterns' order (the one to investigate first). */
function failedRows(results: Results): Row[] {
  const byId = testsById(results);
  const placed = new Set<string>();
  const rows: Row[] = [];
  results.patterns.forEach((pattern, i) => {
    const tests = pattern.tests
      .map((id) => byId.get(id))
      .filter((t): t is TestResult => t?.status === 'failed');
    for (const t of tests) placed.add(t.id);
    if (tests.length > 0) rows.push({ n: i + 1, pattern, tests: criticalFirst(tests) });
  });
  const rest = results.tests.filter((t) => t.status === 'failed' && !placed.has(t.id));
  if (rest.length > 0) rows.push({ tests: criticalFirst(rest) });
  return rows;
}

function criticalFirst(tests: readonly TestResult[]): TestResult[] {
  return [...tests].sort((a, b) => Number(b.critical) - Number(a.critical));
}

function problemCell(r: Row): string {
  if (!r.pattern || r.n === undefined) return '—';
  return `${r.n}. ${code(r.pattern.category)}`;
}

function testsCell(all: readonly TestResult[], shown: readonly TestResult[]): string {
  const critical = all.filter((t) => t.critical).length;
  const lead =
    all.length === 1
      ? critical === 1
        ? '**critical**: '
        : ''
      : `**${formatInt(all.length)}**${critical === all.length ? ', all critical' : critical > 0 ? `, ${formatInt(critical)} critical` : ''}: `;
  const more =
    all.length > shown.length
      ? ` and ${formatInt(all.length - shown.length)} more (see \`results.json\`)`
      : '';
  return `${lead}${shown.map((t) => code(t.id)).join(', ')}${more}`;
}

function whatHappenedCell(t: TestResult | undefined): string {
  return t?.failure ? whatHappened(t.failure) : '—';
}

function flakyTable(tests: readonly TestResult[]): string {
  return table(
    ['test', 'category', 'first failure'],
    tests.map((t) => [
      `${code(t.id)}${t.critical ? ' **critical**' : ''}, ${plural(t.attempts, 'attempt')}`,
      t.failure ? code(t.failure.category) : '—',
      whatHappenedCell(t),
    ]),
  );
}

/** Skipped tests grouped by reason: a skip is not a pass, and the reader should see why. */
function renderSkipped(tests: readonly TestResult[]): string {
  const byReason = new Map<string, string[]>();
  for (const t of tests) {
    if (t.status !== 'skipped') continue;
    const reason = t.skipReason ?? 'no reason given';
    byReason.set(reason, [...(byReason.get(reason) ?? []), t.id]);
  }
  if (byReason.size === 0) return '';
  const count = [...byReason.values()].reduce((n, ids) => n + ids.length, 0);
  const lines = [...byReason].map(([reason, ids]) => {
    const named = ids
      .slice(0, 10)
      .map((id) => code(id))
      .join(', ');
    const more = ids.length > 10 ? ` and ${formatInt(ids.length - 10)} more` : '';
    return `- ${text(reason, 200)}: ${named}${more}`;
  });
  return [
    '<details>',
    `<summary>Skipped tests (${formatInt(count)})</summary>`,
    '',
    ...lines,
    '',
    '</details>',
  ].join('\n');
}

/** The wire facts the message does not already state, then the message. */
export function whatHappened(f: Failure): string {
  const facts: string[] = [];
  if (f.closeCode !== undefined && !f.message.includes(String(f.closeCode))) {
    const reason = f.closeReason ? ` "${f.closeReason}"` : '';
    facts.push(`close ${f.closeCode} (${closeCodeName(f.closeCode)})${reason}`);
  }
  if (f.httpStatus !== undefined && !f.message.includes(String(f.httpStatus)))
    facts.push(`HTTP ${f.httpStatus}`);
  if (f.stage !== undefined) facts.push(`at ${f.stage}`);
  if (f.elapsedMs !== undefined) facts.push(`after ${formatMs(f.elapsedMs)}`);
  const lead = facts.length > 0 ? `**${text(facts.join(', '), 160)}**: ` : '';
  return `${lead}${text(f.message, 300)}`;
}

/** Tests named over one evidence block that several tests share. */
const SHARED_NAMES = 5;

/** The exchanges before each failure; tests whose exchange reads the same share one block. */
function renderEvidence(tests: readonly TestResult[], detail: Detail): string {
  if (detail.evidence === 'none') return '';
  const limits = EVIDENCE_LIMITS[detail.evidence];
  const blocks = new Map<string, string[]>();
  for (const t of tests) {
    const entries = t.failure?.evidence ?? [];
    if (entries.length === 0) continue;
    const shown = entries.slice(-limits.entries);
    const lines = shown.map((e) => evidenceLine(e, limits.chars));
    if (shown.length < entries.length)
      lines.unshift(`(${entries.length - shown.length} earlier entries not shown)`);
    const body = lines.join('\n');
    blocks.set(body, [...(blocks.get(body) ?? []), t.id]);
  }
  if (blocks.size === 0) return '';
  const count = [...blocks.values()].reduce((n, ids) => n + ids.length, 0);
  const rendered = [...blocks].map(([body, ids]) => {
    const named = ids
      .slice(0, SHARED_NAMES)
      .map((id) => code(id))
      .join(', ');
    const more =
      ids.length > SHARED_NAMES ? ` and ${formatInt(ids.length - SHARED_NAMES)} more` : '';
    const same = ids.length > 1 ? ` (${formatInt(ids.length)} tests, the same exchange)` : '';
    return [`${named}${more}${same}`, '', fenced(body, 'text')].join('\n');
  });
  return [
    '<details>',
    `<summary>Evidence: what was exchanged before each failure (${plural(count, 'test')})</summary>`,
    '',
    rendered.join('\n\n'),
    '',
    '</details>',
  ].join('\n');
}

const DIR_LABEL: Readonly<Record<EvidenceEntry['dir'], string>> = {
  out: 'sent ',
  in: 'recv ',
  close: 'close',
  http: 'http ',
  note: 'note ',
};

function evidenceLine(e: EvidenceEntry, max: number): string {
  const at = `+${formatMs(e.atMs)}`.padStart(9);
  return `${at}  ${DIR_LABEL[e.dir] ?? e.dir}  ${truncate(scrub(e.text).replace(/\s+/g, ' '), max)}`;
}
