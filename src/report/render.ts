/**
 * The report: results → markdown, for the PR comment and the job summary. Pure: the same
 * results and context give the same bytes. Sections come in the order a person on call
 * reads them: verdict, what broke (each distinct problem once), where, which tests, why it
 * might have, how to reproduce.
 */
import type { Results } from '../model.js';
import { fitToBudget, sizeOf, type BudgetName, type Detail } from './budget.js';
import type { LoopComparison } from './digest.js';
import { renderFailures } from './failures-section.js';
import { renderFiveWhys } from './five-whys.js';
import { renderHeadline } from './headline.js';
import { renderLoop } from './loop-section.js';
import { renderModules } from './modules-section.js';
import { renderWhatBroke } from './patterns-section.js';
import { renderPerformance } from './performance-section.js';
import { renderReproduce } from './reproduce.js';
import { renderSequence } from './sequence.js';

export interface ReportContext {
  /** `comment`: 65,536-character GitHub limit; `summary`: the 1 MiB job summary */
  budget: BudgetName;
  /** heading name, e.g. `staging-gate · staging` (default `staging-gate`) */
  title?: string;
  /** override results.commit / runUrl / reproduce */
  commit?: string;
  runUrl?: string;
  /** the `staging-gate run` line of this run; secret-bearing flags are masked anyway */
  reproduce?: string;
  /** first line of the body, e.g. the sticky comment's marker (an HTML comment) */
  marker?: string;
  /** hidden blocks appended verbatim at the end, e.g. the loop digest */
  hidden?: string[];
  comparison?: LoopComparison;
  /** the action as the workflow's `uses:` names it, e.g. `acme/staging-gate@v1` */
  action?: string;
}

export function renderReport(results: Results, ctx: ReportContext): string {
  const head = ctx.marker ? `${ctx.marker}\n` : '';
  const tail = (ctx.hidden ?? []).map((h) => `\n${h}`).join('');
  // The marker and the digest must survive any cut: they are how the next run finds this one.
  const reserved = sizeOf(head + tail, ctx.budget) + 1;
  const body = fitToBudget((detail) => renderBody(results, ctx, detail), ctx.budget, reserved);
  return `${head}${body}${tail}\n`;
}

function renderBody(results: Results, ctx: ReportContext, detail: Detail): string {
  const sections = [
    renderHeadline(results, ctx),
    renderWhatBroke(results),
    ctx.comparison ? renderLoop(ctx.comparison) : '',
    renderModules(results, detail),
    renderFailures(results, detail),
    renderPerformance(results),
    renderFiveWhys(results),
    detail.mermaid ? renderSequence(results) : '',
    renderReproduce(results, ctx),
  ];
  return sections.filter((s) => s.length > 0).join('\n\n');
}
