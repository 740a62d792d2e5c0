/**
 * Golden files: the rendered report, JUnit and results.json of hand-built runs, compared
 * byte for byte. `UPDATE_GOLDEN=1 npx vitest run __tests__/report` rewrites them (never in
 * CI: see golden-mode.ts); read the diff before committing: these files are what a person
 * on call sees.
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
import { goldenMode } from './golden-mode.js';

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
  if (goldenMode(process.env) === 'update') {
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
  'seed-incident.md': () => comment(seedIncident(), { action: 'acme/staging-gate@v1' }),
  'auth-rejected.md': () => comment(authRejected()),
  'not-ready.md': () => comment(notReady()),
  'flaky-pass-loop.md': loopAfterSeed,
  'seed-incident.junit.xml': () => renderJUnit(seedIncident()),
  'not-ready.junit.xml': () => renderJUnit(notReady()),
  'seed-incident.results.json': () => `${JSON.stringify(seedIncident(), null, 2)}\n`,
};

describe('the golden mode', () => {
  it('compares by default and rewrites only with UPDATE_GOLDEN=1 outside CI', () => {
    expect(goldenMode({})).toBe('compare');
    expect(goldenMode({ CI: 'true' })).toBe('compare');
    expect(goldenMode({ UPDATE_GOLDEN: '1' })).toBe('update');
    expect(goldenMode({ UPDATE_GOLDEN: '1', CI: 'false' })).toBe('update');
  });

  it('refuses to rewrite in CI, where a rewrite would pass whatever is rendered', () => {
    for (const CI of ['true', '1', 'yes']) {
      expect(() => goldenMode({ UPDATE_GOLDEN: '1', CI }), CI).toThrow(/CI compares golden files/);
    }
    expect(() => goldenMode({ UPDATE_GOLDEN: 'yes' })).toThrow(/set it to 1/);
  });

  it('so a golden test run in CI with UPDATE_GOLDEN fails instead of passing', () => {
    const render = CASES['all-pass.md'];
    const saved = { ...process.env };
    try {
      process.env.CI = 'true';
      process.env.UPDATE_GOLDEN = '1';
      expect(() => matchGolden('all-pass.md', `${render()}tampered`)).toThrow(/CI/);
    } finally {
      process.env.CI = saved.CI;
      process.env.UPDATE_GOLDEN = saved.UPDATE_GOLDEN;
      if (saved.CI === undefined) delete process.env.CI;
      if (saved.UPDATE_GOLDEN === undefined) delete process.env.UPDATE_GOLDEN;
    }
    expect(readFileSync(`${GOLDEN_DIR}all-pass.md`, 'utf8')).not.toContain('tampered');
  });
});

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
  it('the seed incident: what broke first, both causes with five whys, no-data honestly, a diagram', () => {
    const md = comment(seedIncident(), { action: 'acme/staging-gate@v1' });
    expect(md.startsWith(`${MARKER}\n## ❌ staging-gate: FAIL · 14/25 tests passed (56.0 %)`)).toBe(
      true,
    );
    // the cause right under the headline, then the modules, then the tests by problem
    const order = ['## ❌', '### What broke', '### Modules', '### Failed tests', '### Five whys'];
    const at = order.map((h) => md.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(md).toContain(
      '1. `received 1011 (internal error) Internal error`: **10 tests failed** in 3 modules (`websocket-events`, `message-flow`, `agent-pipeline`) · `ws_internal_error`',
    );
    expect(md).toMatch(
      /^2\. `GET \/api\/mcp\/servers → 500 .*`: \*\*1 test failed\*\* in `critical-path` · `http_error`$/m,
    );
    expect(md).toContain('**4/10 modules failed.**');
    // one row per problem, not one per test
    const rows = md.split('\n').filter((l) => /^\| \d+\. `/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('**10**, all critical: `websocket-events/agent-event-flow`');
    expect(md).toMatch(/\| `message_processing_ms` \| 0 \| — \| — \| — \| 200 ms \| ⚪ no data \|/);
    // five whys for each cause: the first open, the second folded
    expect(md).toContain('### Five whys: `received 1011 (internal error) Internal error`');
    expect(md).toMatch(/<details>\n<summary>Five whys: <code>GET \/api\/mcp\/servers → 500 /);
    expect(md.match(/\*\*Why 5:/g)).toHaveLength(2);
    expect(md).toContain('- [ ] no 1011 close in 3 consecutive runs');
    expect(md).toContain('```mermaid\nsequenceDiagram');
    expect(md).toContain('S-xG: +1.2 s close 1011 Internal error');
    // the footer works outside this repository
    expect(md).toContain('`uses: acme/staging-gate@v1`');
    expect(md).toContain(
      'git clone https://github.com/acme/staging-gate && cd staging-gate && git checkout v1',
    );
    expect(md).toContain('node dist/cli.js sim --port 8080');
    expect(md).toContain('--fault ws-1011-on-agent --fault http-500:/api/mcp/servers');
    expect(md).toContain('node dist/cli.js run --base-url https://api.staging.example.com');
  });

  it('no heading or folded title shows a placeholder, and no command needs an npm package', () => {
    for (const [name, render] of Object.entries(CASES)) {
      if (!name.endsWith('.md')) continue;
      const md = render();
      const titles = md.split('\n').filter((l) => /^#{1,6} |<summary>/.test(l));
      for (const t of titles)
        expect(t, name).not.toMatch(/<(n|id|uuid|ip|port|time|duration)>|&lt;(n|id|uuid)&gt;/);
      expect(md, name).not.toContain('npx staging-gate');
    }
  });

  it('not ready: inconclusive, no test table, the readiness five whys and the startup fault', () => {
    const md = comment(notReady());
    expect(md).toContain('## ⚠️ staging-gate: INCONCLUSIVE · no test graded');
    expect(md).not.toContain('### Failed tests');
    expect(md).toContain('### Five whys: the service never became ready');
    expect(md).toContain('--fault startup-503');
    expect(md).toContain("a checkout of the action's repository");
  });

  it('a pass has no five whys, and a clean pass no patterns', () => {
    const md = comment(allPass());
    expect(md).toContain('## ✅ staging-gate: PASS · 25/25 tests passed (100.0 %)');
    expect(md).not.toContain('Five whys');
    expect(md).not.toContain('What broke');
    expect(md).not.toContain('--fault');
  });
});
