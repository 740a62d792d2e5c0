/** The loop: this iteration against the previous one on the same PR. */
import type { LoopComparison } from './digest.js';
import { VERDICT_ICON } from './headline.js';
import { code, table } from './markdown.js';
import { formatInt, formatRate } from './units.js';

const MAX_IDS = 10;

export function renderLoop(c: LoopComparison): string {
  const { before, after } = c;
  const delta = after.passRate - before.passRate;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const rows = [
    [
      'verdict',
      `${VERDICT_ICON[before.verdict]} ${before.verdict}`,
      `${VERDICT_ICON[after.verdict]} ${after.verdict}`,
    ],
    [
      'pass rate',
      formatRate(before.passRate),
      `${formatRate(after.passRate)} (${sign}${Math.abs(delta).toFixed(1)} points)`,
    ],
    ['failed', formatInt(before.failed), formatInt(after.failed)],
    ['flaky', formatInt(before.flaky), formatInt(after.flaky)],
  ];
  const out = [
    `### Loop iteration ${c.iteration}`,
    '',
    table(
      ['', `before (iteration ${before.iteration})`, `after (iteration ${after.iteration})`],
      rows,
    ),
    '',
    `- **Fixed:** ${idList(c.fixed)}`,
    `- **Newly failing:** ${idList(c.newlyFailing)}`,
    `- **Still failing:** ${idList(c.stillFailing)}`,
    `- **Flaky:** ${idList(c.flaky)}`,
  ];
  if (c.notRun.length > 0) out.push(`- **Failed before, not run now:** ${idList(c.notRun)}`);
  if (c.approximate) {
    out.push(
      '',
      '_The previous run had too many failures to remember them all: "newly failing" may include old failures._',
    );
  }
  return out.join('\n');
}

function idList(ids: readonly string[]): string {
  if (ids.length === 0) return 'none';
  const named = ids
    .slice(0, MAX_IDS)
    .map((id) => code(id))
    .join(', ');
  const more = ids.length > MAX_IDS ? ` and ${formatInt(ids.length - MAX_IDS)} more` : '';
  return `${formatInt(ids.length)}: ${named}${more}`;
}
