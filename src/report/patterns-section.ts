/**
 * What broke: right under the headline, each distinct problem once, with how many tests it
 * broke and where. Ten tests closed with the same 1011 are one line, not ten.
 */
import type { MetricResult, Pattern, Results } from '../model.js';
import { code } from './markdown.js';
import { patternName, testsById } from './pattern-names.js';
import { formatInt, formatMetricMs, plural } from './units.js';

const MAX_PATTERNS = 15;
const MAX_MODULES = 6;

export function renderWhatBroke(results: Results): string {
  // a performance test that failed on the metric is already a pattern
  const breached = results.metrics.filter(
    (m) =>
      m.status === 'breached' &&
      !results.patterns.some(
        (p) => p.category === 'performance_breach' && p.signature.startsWith(m.name),
      ),
  );
  const problems = results.patterns.length + breached.length;
  if (problems === 0) return '';
  const byId = testsById(results);
  const lines = results.patterns.slice(0, MAX_PATTERNS).map((p, i) => {
    const flaky = p.tests.filter((id) => byId.get(id)?.status === 'flaky').length;
    return `${i + 1}. ${code(patternName(p, byId))}: ${count(p, flaky)} ${where(p)} · ${code(p.category)}`;
  });
  if (results.patterns.length > MAX_PATTERNS) {
    lines.push(
      `- … and ${plural(results.patterns.length - MAX_PATTERNS, 'more pattern')} (see \`results.json\`)`,
    );
  }
  const offset = Math.min(results.patterns.length, MAX_PATTERNS);
  breached.forEach((m, i) => lines.push(`${offset + i + 1}. ${metricLine(m)}`));
  const lead = problems > 1 ? [`${formatInt(problems)} distinct problems:`, ''] : [];
  const broke =
    breached.length > 0 ||
    results.patterns.some((p) => p.tests.some((id) => byId.get(id)?.status === 'failed'));
  // a run whose only problems passed on a retry did not break: it wobbled
  const heading = broke ? '### What broke' : '### What was flaky';
  return [heading, '', ...lead, ...lines].join('\n');
}

function count(p: Pattern, flaky: number): string {
  if (flaky === p.count) return `**${plural(p.count, 'test')}** flaky (passed on a retry)`;
  const hard = `**${plural(p.count - flaky, 'test')} failed**`;
  return flaky > 0 ? `${hard}, ${formatInt(flaky)} more flaky` : hard;
}

function where(p: Pattern): string {
  const named = p.modules
    .slice(0, MAX_MODULES)
    .map((m) => code(m))
    .join(', ');
  const more =
    p.modules.length > MAX_MODULES ? ` and ${formatInt(p.modules.length - MAX_MODULES)} more` : '';
  return p.modules.length === 1
    ? `in ${named}`
    : `in ${plural(p.modules.length, 'module')} (${named}${more})`;
}

function metricLine(m: MetricResult): string {
  return `${code(m.name)} p95 ${formatMetricMs(m.p95)} over its ${formatMetricMs(m.target)} target (${plural(m.samples, 'sample')}) · ${code('performance_breach')}`;
}
