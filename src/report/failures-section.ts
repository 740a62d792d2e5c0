/**
 * Failed and flaky tests: one row each saying what happened on the wire (close code and
 * reason, HTTP status, stage, elapsed) and the check's message; the frames exchanged before
 * each failure folded underneath, for whoever needs them.
 */
import type { EvidenceEntry, Failure, Results, TestResult } from '../model.js';
import type { Detail } from './budget.js';
import { code, fenced, scrub, table, text, truncate } from './markdown.js';
import { closeCodeName } from '../verdict/signature.js';
import { formatInt, formatMs, plural } from './units.js';

const EVIDENCE_LIMITS = {
  full: { entries: Number.POSITIVE_INFINITY, chars: 300 },
  trimmed: { entries: 6, chars: 120 },
} as const;

export function renderFailures(results: Results, detail: Detail): string {
  // Critical failures first: they decide the gate.
  const failed = results.tests
    .filter((t) => t.status === 'failed')
    .sort((a, b) => Number(b.critical) - Number(a.critical));
  const flaky = results.tests.filter((t) => t.status === 'flaky');
  const out: string[] = [];
  let budget = detail.maxFailedRows;

  if (failed.length > 0) {
    const shown = failed.slice(0, budget);
    budget -= shown.length;
    out.push(
      `### Failed tests (${formatInt(failed.length)})`,
      '',
      testTable(shown, 'what happened'),
    );
    if (failed.length > shown.length)
      out.push(
        '',
        `… and ${plural(failed.length - shown.length, 'more failed test')} (see \`results.json\`).`,
      );
    const evidence = renderEvidence(shown, detail);
    if (evidence) out.push('', evidence);
  }
  if (flaky.length > 0) {
    const shown = flaky.slice(0, Math.max(0, budget));
    if (out.length > 0) out.push('');
    out.push(`### Flaky tests (${formatInt(flaky.length)}): failed, then passed on a retry`, '');
    if (shown.length > 0) out.push(testTable(shown, 'first failure'));
    if (flaky.length > shown.length)
      out.push('', `… and ${plural(flaky.length - shown.length, 'more flaky test')}.`);
  }
  const skipped = renderSkipped(results.tests);
  if (skipped) out.push(...(out.length > 0 ? [''] : []), skipped);
  return out.join('\n');
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

function testTable(tests: readonly TestResult[], what: string): string {
  return table(
    ['test', 'category', what],
    tests.map((t) => [
      testCell(t),
      t.failure ? code(t.failure.category) : '—',
      t.failure ? whatHappened(t.failure) : '—',
    ]),
  );
}

function testCell(t: TestResult): string {
  const marks = [
    t.critical ? '**critical**' : '',
    t.status === 'flaky' ? `flaky, ${plural(t.attempts, 'attempt')}` : '',
  ];
  const suffix = marks.filter((m) => m).join(', ');
  return `${code(t.id)}${suffix ? ` ${suffix}` : ''}`;
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

function renderEvidence(tests: readonly TestResult[], detail: Detail): string {
  if (detail.evidence === 'none') return '';
  const limits = EVIDENCE_LIMITS[detail.evidence];
  const withEvidence = tests.filter((t) => (t.failure?.evidence ?? []).length > 0);
  if (withEvidence.length === 0) return '';
  const blocks = withEvidence.map((t) => {
    const entries = t.failure?.evidence ?? [];
    const shown = entries.slice(-limits.entries);
    const lines = shown.map((e) => evidenceLine(e, limits.chars));
    if (shown.length < entries.length)
      lines.unshift(`(${entries.length - shown.length} earlier entries not shown)`);
    return [`${code(t.id)}`, '', fenced(lines.join('\n'), 'text')].join('\n');
  });
  return [
    '<details>',
    `<summary>Evidence: what was exchanged before each failure (${plural(withEvidence.length, 'test')})</summary>`,
    '',
    blocks.join('\n\n'),
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
