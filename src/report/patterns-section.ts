/** Error patterns: one line per problem, "received 1011 …: 10 occurrences across 3 modules". */
import type { Results } from '../model.js';
import { code } from './markdown.js';
import { formatInt, plural } from './units.js';

const MAX_PATTERNS = 15;
const MAX_TESTS = 10;

export function renderPatterns(results: Results): string {
  if (results.patterns.length === 0) return '';
  const flakyIds = new Set(results.tests.filter((t) => t.status === 'flaky').map((t) => t.id));
  const out = ['### Error patterns', ''];
  results.patterns.slice(0, MAX_PATTERNS).forEach((p, i) => {
    const flaky = p.tests.filter((id) => flakyIds.has(id)).length;
    const occurrences = `${plural(p.count, 'occurrence')}${flaky > 0 ? ` (${flaky} flaky)` : ''}`;
    const where =
      p.modules.length === 1
        ? `in ${code(p.modules[0])}`
        : `across ${plural(p.modules.length, 'module')}`;
    out.push(`${i + 1}. ${code(p.category)} **${code(p.signature)}**: ${occurrences} ${where}`);
    if (p.modules.length > 1) out.push(`   - modules: ${p.modules.map((m) => code(m)).join(', ')}`);
    const named = p.tests
      .slice(0, MAX_TESTS)
      .map((id) => code(id))
      .join(', ');
    const more =
      p.tests.length > MAX_TESTS ? ` and ${formatInt(p.tests.length - MAX_TESTS)} more` : '';
    out.push(`   - tests: ${named}${more}`);
  });
  if (results.patterns.length > MAX_PATTERNS) {
    out.push(
      '',
      `… and ${plural(results.patterns.length - MAX_PATTERNS, 'more pattern')} (see \`results.json\`).`,
    );
  }
  return out.join('\n');
}
