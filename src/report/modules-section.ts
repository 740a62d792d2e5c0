/** Module table: one row per module, or passing modules folded into one line when space is short. */
import type { ModuleSummary, Results } from '../model.js';
import type { Detail } from './budget.js';
import { moduleCountLine } from './headline.js';
import { code, table, text } from './markdown.js';
import { formatInt, formatMs, plural } from './units.js';

export function renderModules(results: Results, detail: Detail): string {
  if (results.modules.length === 0) return '';
  const out = ['### Modules', '', moduleCountLine(results), ''];
  const quiet = (m: ModuleSummary): boolean => m.failed === 0 && m.flaky === 0;
  const rows = detail.collapsePassedModules
    ? results.modules.filter((m) => !quiet(m))
    : results.modules;
  if (rows.length > 0) {
    out.push(
      table(
        ['module', 'passed / total', 'status', 'duration'],
        rows.map((m) => [moduleCell(m), passedCell(m), statusCell(m), formatMs(m.durationMs)]),
      ),
    );
  }
  const folded = results.modules.filter((m) => !rows.includes(m));
  if (folded.length > 0) {
    const tests = folded.reduce((n, m) => n + m.total, 0);
    out.push(
      '',
      `✅ ${plural(folded.length, 'more module')} passed (${plural(tests, 'test')}): ${folded.map((m) => code(m.id)).join(', ')}`,
    );
  }
  return out.join('\n');
}

function moduleCell(m: ModuleSummary): string {
  return m.title && m.title !== m.id ? `${code(m.id)} ${text(m.title, 80)}` : code(m.id);
}

function passedCell(m: ModuleSummary): string {
  const graded = m.total - m.skipped;
  return graded > 0 ? `${formatInt(m.passed + m.flaky)}/${formatInt(graded)}` : '—';
}

function statusCell(m: ModuleSummary): string {
  const notes: string[] = [];
  if (m.failed > 0) notes.push(`${formatInt(m.failed)} failed`);
  if (m.flaky > 0) notes.push(`${formatInt(m.flaky)} flaky`);
  if (m.skipped > 0) notes.push(`${formatInt(m.skipped)} skipped`);
  const icon = m.failed > 0 ? '❌' : m.flaky > 0 ? '⚠️' : m.skipped === m.total ? '⏭️' : '✅';
  const lead = m.failed === 0 && m.flaky === 0 && m.skipped < m.total ? 'passed' : '';
  return [icon, [lead, ...notes].filter((s) => s).join(', ')].join(' ');
}
