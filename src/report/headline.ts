/**
 * The top of the report: what a person on call reads first and may read alone. The verdict
 * with the pass count, the rule that decided, and which service, build and commit it was.
 */
import type { Results, VerdictValue } from '../model.js';
import { code, link, text } from './markdown.js';
import { formatInt, formatMs, formatRate, formatUtc, plural, shortSha } from './units.js';

export const VERDICT_ICON: Readonly<Record<VerdictValue, string>> = {
  pass: '✅',
  fail: '❌',
  inconclusive: '⚠️',
};

export interface HeadlineContext {
  /** what the heading calls the gate, e.g. the environment: "staging-gate · staging" */
  title?: string;
  commit?: string;
  runUrl?: string;
}

export function renderHeadline(results: Results, ctx: HeadlineContext): string {
  const s = results.summary;
  const graded = s.total - s.skipped;
  const counts =
    graded > 0
      ? `${formatInt(s.passed + s.flaky)}/${formatInt(graded)} tests passed (${formatRate(s.passRate)})`
      : 'no test graded';
  const extras = [
    s.flaky > 0 ? `${formatInt(s.flaky)} flaky` : undefined,
    s.skipped > 0 ? `${formatInt(s.skipped)} skipped` : undefined,
  ].filter((x): x is string => !!x);
  const heading = `## ${VERDICT_ICON[results.verdict]} ${text(ctx.title ?? 'staging-gate', 80)}: ${results.verdict.toUpperCase()} · ${counts}${extras.length > 0 ? `, ${extras.join(', ')}` : ''}`;

  const protocol = results.target.protocol;
  const service = [
    `**Service** ${text(results.target.baseUrl, 200)}${protocol ? ` (${code(protocol)})` : ''}`,
  ];
  if (results.target.version !== undefined)
    service.push(`version ${code(results.target.version, 80)}`);
  const commit = ctx.commit ?? results.commit;
  if (commit) service.push(`commit ${code(shortSha(commit), 80)}`);
  service.push(`started ${formatUtc(results.startedAt)}, took ${formatMs(results.durationMs)}`);
  if (results.shard) service.push(`shard ${results.shard.index}/${results.shard.count}`);
  const runUrl = ctx.runUrl ?? results.runUrl;
  if (runUrl) service.push(link('workflow run', runUrl));

  return [heading, '', `**Why:** ${text(results.reason, 600)}`, '', service.join(' · ')].join('\n');
}

/** "4/10 modules failed", "all 10 modules passed", "9/10 modules passed, 1 skipped" */
export function moduleCountLine(results: Results): string {
  const n = results.modules.length;
  if (n === 0) return 'No module ran.';
  const failed = results.modules.filter((m) => m.failed > 0).length;
  if (failed > 0) return `**${formatInt(failed)}/${plural(n, 'module')} failed.**`;
  const skipped = results.modules.filter((m) => m.skipped === m.total).length;
  if (skipped > 0) {
    return `${formatInt(n - skipped)}/${plural(n, 'module')} passed, ${formatInt(skipped)} skipped entirely.`;
  }
  return n === 1 ? 'The module passed.' : `All ${formatInt(n)} modules passed.`;
}
