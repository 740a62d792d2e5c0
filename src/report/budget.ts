/**
 * Size budgets: a PR comment over 65,536 characters is refused (422), a job summary over
 * 1 MiB is dropped. The report degrades detail before it cuts text: first what a reader
 * misses least (rows of passing modules, long evidence, the diagram), then caps the list of
 * failed tests; only a report still too big after that is cut at a line, with its open
 * blocks closed and a visible notice.
 */

export type BudgetName = 'comment' | 'summary';

/**
 * Comments are measured in UTF-16 units (≥ the characters GitHub counts, so on the safe
 * side), with headroom under 65,536; summaries in UTF-8 bytes under 1 MiB.
 */
export const BUDGET_LIMITS: Readonly<Record<BudgetName, number>> = {
  comment: 65_000,
  summary: 1_000_000,
};

export function sizeOf(text: string, budget: BudgetName): number {
  return budget === 'summary' ? Buffer.byteLength(text, 'utf8') : text.length;
}

/** How much of the report to render. */
export interface Detail {
  /** passing modules as one line instead of one row each */
  collapsePassedModules: boolean;
  evidence: 'full' | 'trimmed' | 'none';
  mermaid: boolean;
  /** failed and flaky tests named; the rest are counted in "… and N more" */
  maxTestsNamed: number;
}

const FULL: Detail = {
  collapsePassedModules: false,
  evidence: 'full',
  mermaid: true,
  maxTestsNamed: Number.POSITIVE_INFINITY,
};

/** From most to least detail; each step gives up one more thing. */
export const DETAIL_LEVELS: readonly Detail[] = [
  FULL,
  { ...FULL, collapsePassedModules: true },
  { ...FULL, collapsePassedModules: true, evidence: 'trimmed' },
  { ...FULL, collapsePassedModules: true, evidence: 'trimmed', mermaid: false },
  { ...FULL, collapsePassedModules: true, evidence: 'none', mermaid: false },
  ...[500, 200, 100, 50, 20, 10].map((maxTestsNamed) => ({
    collapsePassedModules: true,
    evidence: 'none' as const,
    mermaid: false,
    maxTestsNamed,
  })),
];

/**
 * The most detailed rendering that fits in the budget, less `reserved` (the marker and
 * hidden blocks the caller adds around it); the least detailed one cut to fit otherwise.
 */
export function fitToBudget(
  render: (detail: Detail) => string,
  budget: BudgetName,
  reserved = 0,
): string {
  const limit = BUDGET_LIMITS[budget] - reserved;
  let last = '';
  for (const detail of DETAIL_LEVELS) {
    last = render(detail);
    if (sizeOf(last, budget) <= limit) return last;
  }
  return cutAtLine(last, limit, budget);
}

/**
 * `text` cut at a line boundary to fit `limit`, closing an open code fence and open
 * `<details>` so the rest of the page still renders, then a notice that text is missing.
 */
export function cutAtLine(text: string, limit: number, budget: BudgetName): string {
  if (sizeOf(text, budget) <= limit) return text;
  const notice = `\n> ⚠️ **Report cut to fit the ${budget === 'comment' ? 'GitHub comment limit (65,536 characters)' : 'job summary limit (1 MiB)'}.** The full results are in \`results.json\` and \`junit.xml\`.\n`;
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  let fence: string | undefined;
  let openDetails = 0;
  for (const line of lines) {
    const nextFence = fenceAfter(fence, line);
    // `<details>` inside a code block is text, not markup
    const markup = fence === undefined && nextFence === undefined;
    const nextDetails = markup
      ? Math.max(0, openDetails + countOf(line, '<details') - countOf(line, '</details>'))
      : openDetails;
    const closing = closers(nextFence, nextDetails);
    const cost = sizeOf(`${line}\n`, budget);
    if (used + cost + sizeOf(closing + notice, budget) > limit) break;
    kept.push(line);
    used += cost;
    fence = nextFence;
    openDetails = nextDetails;
  }
  return `${kept.join('\n')}\n${closers(fence, openDetails)}${notice}`;
}

/** The fence still open after `line`: a fence closes only with a run at least as long. */
function fenceAfter(open: string | undefined, line: string): string | undefined {
  const match = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
  if (!match) return open;
  const run = match[1];
  if (open === undefined) return run;
  return run[0] === open[0] && run.length >= open.length && line.trim() === run ? undefined : open;
}

function closers(fence: string | undefined, openDetails: number): string {
  return (fence ? `${fence}\n` : '') + '</details>\n'.repeat(openDetails);
}

function countOf(line: string, needle: string): number {
  return line.split(needle).length - 1;
}
