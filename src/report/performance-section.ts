/**
 * Performance against targets, as measured. A metric without samples is `no data`, never
 * "met": the seed's report claimed targets met that no test had measured.
 */
import type { MetricResult, Results } from '../model.js';
import { code, table } from './markdown.js';
import { formatInt, formatMetricMs } from './units.js';

export function renderPerformance(results: Results): string {
  if (results.metrics.length === 0) return '';
  const rows = results.metrics.map((m) => {
    const measured = m.samples > 0;
    return [
      code(m.name),
      formatInt(m.samples),
      measured ? formatMetricMs(m.p50) : '—',
      measured ? formatMetricMs(m.p95) : '—',
      measured ? formatMetricMs(m.max) : '—',
      formatMetricMs(m.target),
      statusCell(m),
    ];
  });
  return [
    '### Performance',
    '',
    'The p95 of each metric is compared to its target.',
    '',
    table(['metric', 'samples', 'p50', 'p95', 'max', 'target', 'status'], rows),
  ].join('\n');
}

function statusCell(m: MetricResult): string {
  if (m.samples === 0 || m.status === 'no-data') return '⚪ no data';
  return m.status === 'met' ? '✅ met' : '❌ breached';
}
