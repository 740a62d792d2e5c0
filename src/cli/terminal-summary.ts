/**
 * What the terminal shows at the end of a run: the module table, failed tests, the
 * measured performance and the verdict — the same numbers as results.json, in plain text.
 */
import type { MetricResult, Results } from '../model.js';

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

export function renderTerminalSummary(results: Results): string {
  const out: string[] = [''];
  const width = Math.max(8, ...results.modules.map((m) => m.id.length));
  out.push(`  ${pad('module', width)}  passed/total  status   duration`);
  for (const m of results.modules) {
    const status =
      m.failed > 0 ? 'FAIL' : m.total === m.skipped ? 'skipped' : m.flaky > 0 ? 'flaky' : 'pass';
    const graded = `${m.passed + m.flaky}/${m.total - m.skipped}`;
    out.push(
      `  ${pad(m.id, width)}  ${pad(graded, 12)}  ${pad(status, 7)}  ${(m.durationMs / 1000).toFixed(2)} s`,
    );
  }
  const failedModules = results.modules.filter((m) => m.failed > 0).length;
  out.push(`  ${failedModules}/${results.modules.length} modules failed`);

  const failed = results.tests.filter((t) => t.status === 'failed');
  if (failed.length > 0) {
    out.push('', '  Failed:');
    for (const t of failed) {
      const f = t.failure;
      const facts = [
        f?.closeCode !== undefined
          ? `close ${f.closeCode}${f.closeReason ? ` "${f.closeReason}"` : ''}`
          : '',
        f?.httpStatus !== undefined ? `HTTP ${f.httpStatus}` : '',
        f?.stage ? `stage ${f.stage}` : '',
      ].filter(Boolean);
      out.push(
        `  ✗ ${t.id} [${f?.category ?? 'assertion'}] ${f?.message ?? ''}${facts.length ? ` (${facts.join(', ')})` : ''}`,
      );
    }
  }
  if (results.patterns.length > 0) {
    out.push('', '  Error patterns:');
    for (const p of results.patterns) {
      out.push(
        `  ${p.category}: ${p.signature} — ${p.count} occurrence(s) across ${p.modules.length} module(s)`,
      );
    }
  }
  out.push('', '  Performance (measured):');
  for (const m of results.metrics) out.push(metricLine(m));
  const s = results.summary;
  out.push(
    '',
    `  ${results.verdict.toUpperCase()}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.flaky} flaky (${s.passRate.toFixed(1)} %) in ${(results.durationMs / 1000).toFixed(2)} s`,
    `  ${results.reason}`,
    '',
  );
  return out.join('\n');
}
