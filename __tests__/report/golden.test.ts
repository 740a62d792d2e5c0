/**
 * Golden files: the rendered report, JUnit and results.json of hand-built runs, compared
 * byte for byte. `UPDATE_GOLDEN=1 npx vitest run __tests__/report` rewrites them; read the
 * diff before committing: these files are what a person on call sees.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/model.js';
import {
  compareDigests,
  decodeDigest,
  encodeDigest,
  renderJUnit,
  renderReport,
  type ReportContext,
} from '../../src/report/index.js';
import { allPass, authRejected, flakyPass, notReady, seedIncident } from './fixtures.js';

const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const MARKER = '<!-- staging-gate:comment key=staging -->';

function comment(results: Results, extra: Partial<ReportContext> = {}): string {
  return renderReport(results, {
    budget: 'comment',
    marker: MARKER,
    hidden: [encodeDigest(results, extra.comparison?.iteration ?? 1)],
    ...extra,
  });
}

function matchGolden(name: string, actual: string): void {
  const path = `${GOLDEN_DIR}${name}`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path))
    throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** The second iteration of the loop on the seed's PR: the 1011 fixed, one test flaky. */
function loopAfterSeed(): string {
  const previous = decodeDigest(
    comment(seedIncident(), { hidden: [encodeDigest(seedIncident(), 2)] }),
  );
  if (!previous) throw new Error('the seed comment lost its digest');
  const results = flakyPass();
  return comment(results, {
    comparison: compareDigests(previous, results),
    title: 'staging-gate · staging',
  });
}

const CASES: Record<string, () => string> = {
  'all-pass.md': () => comment(allPass()),
  'seed-incident.md': () => comment(seedIncident()),
  'auth-rejected.md': () => comment(authRejected()),
  'not-ready.md': () => comment(notReady()),
  'flaky-pass-loop.md': loopAfterSeed,
  'seed-incident.junit.xml': () => renderJUnit(seedIncident()),
  'not-ready.junit.xml': () => renderJUnit(notReady()),
  'seed-incident.results.json': () => `${JSON.stringify(seedIncident(), null, 2)}\n`,
};

describe('golden files', () => {
  for (const [name, render] of Object.entries(CASES)) {
    it(name, () => {
      const first = render();
      // pure: the same input renders the same bytes
      expect(render()).toBe(first);
      matchGolden(name, first);
    });
  }
});

describe('what the goldens must show', () => {
  it('the seed incident: the 1011 pattern, the 500, no-data honestly, five whys and a diagram', () => {
    const md = comment(seedIncident());
    expect(md.startsWith(`${MARKER}\n## ❌ staging-gate: FAIL · 14/25 tests passed (56.0 %)`)).toBe(
      true,
    );
    expect(md).toContain('**4/10 modules failed.**');
    expect(md).toContain(
      '`ws_internal_error` **`received 1011 (internal error) Internal error`**: 10 occurrences across 3 modules',
    );
    expect(md).toContain('`critical-path/api-endpoints`');
    expect(md).toMatch(/\| `message_processing_ms` \| 0 \| — \| — \| — \| 200 ms \| ⚪ no data \|/);
    expect(md).toContain('### Five whys: `received 1011 (internal error) Internal error`');
    expect(md).toContain('- [ ] no 1011 close in 3 consecutive runs');
    expect(md).toContain('```mermaid\nsequenceDiagram');
    expect(md).toContain('S-xG: +1.2 s close 1011 Internal error');
    expect(md).toContain('--fault ws-1011-on-agent --fault http-500:/api/mcp/servers');
  });

  it('not ready: inconclusive, no test table, the readiness five whys and the startup fault', () => {
    const md = comment(notReady());
    expect(md).toContain('## ⚠️ staging-gate: INCONCLUSIVE · no test graded');
    expect(md).not.toContain('### Failed tests');
    expect(md).toContain('### Five whys: the service never became ready');
    expect(md).toContain('--fault startup-503');
  });

  it('a pass has no five whys, and a clean pass no patterns', () => {
    const md = comment(allPass());
    expect(md).toContain('## ✅ staging-gate: PASS · 25/25 tests passed (100.0 %)');
    expect(md).not.toContain('Five whys');
    expect(md).not.toContain('Error patterns');
    expect(md).not.toContain('--fault');
  });
});
