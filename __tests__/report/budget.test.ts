import { describe, expect, it } from 'vitest';
import { cutAtLine, encodeDigest, renderReport } from '../../src/report/index.js';
import { manyFailures } from './fixtures.js';

const MARKER = '<!-- staging-gate:comment key=staging -->';

describe('byte budget', () => {
  const results = manyFailures(2000);

  it('fits a 2,000-failure run in a comment, keeping the marker, the digest and the headline', () => {
    const digest = encodeDigest(results, 1);
    const md = renderReport(results, { budget: 'comment', marker: MARKER, hidden: [digest] });
    expect(md.length).toBeLessThan(65_536);
    expect(
      md.startsWith(`${MARKER}\n## ❌ staging-gate: FAIL · 0/2,000 tests passed (0.0 %)`),
    ).toBe(true);
    expect(md.trimEnd().endsWith(digest)).toBe(true);
    // one problem, one row: its tests named up to a cap, the rest counted
    expect(md).toContain('### What broke');
    expect(md).toMatch(
      /^\| 1\. `ws_internal_error` \| \*\*2,000\*\*, 40 critical: .* and 1,\d{3} more/m,
    );
    expect(md).toContain('### Five whys');
    expect(md).toContain('### Reproduce');
  });

  it('fits 2,000 distinct problems in a job summary under 1 MiB, with more detail than the comment', () => {
    const distinct = manyFailures(2000, { distinct: true });
    expect(distinct.patterns).toHaveLength(2000);
    const summary = renderReport(distinct, { budget: 'summary' });
    const comment = renderReport(distinct, { budget: 'comment' });
    expect(comment.length).toBeLessThan(65_536);
    // cut by detail, not at the limit: the whys and the footer survive
    expect(comment).not.toContain('Report cut');
    expect(comment).toMatch(
      /… and 1,\d{3} more problems \(1,\d{3} failed tests, see `results.json`\)/,
    );
    expect(comment).toContain('### Five whys');
    expect(comment).toContain('### Reproduce');
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThan(1_048_576);
    const named = (md: string): number => (md.match(/`[a-z-]+\/generated-test-\d+`/g) ?? []).length;
    expect(named(summary)).toBeGreaterThan(named(comment));
  });

  it('keeps a small run whole', () => {
    const small = manyFailures(3);
    const md = renderReport(small, { budget: 'comment' });
    expect(md).toContain('```mermaid');
    expect(md).toContain('<details>');
    expect(md).not.toContain('Report cut');
  });
});

describe('cutAtLine', () => {
  it('cuts at a line, closes an open fence and details, and says so', () => {
    const text = [
      '# title',
      '<details>',
      '<summary>x</summary>',
      '',
      '```text',
      ...Array.from({ length: 200 }, (_, i) => `line ${i}`),
      '```',
      '</details>',
      'end',
    ].join('\n');
    const cut = cutAtLine(text, 600, 'comment');
    expect(cut.length).toBeLessThanOrEqual(600);
    expect(cut).toContain('Report cut to fit the GitHub comment limit');
    const fences = cut.match(/^```/gm) ?? [];
    expect(fences.length % 2).toBe(0);
    expect((cut.match(/<details>/g) ?? []).length).toBe((cut.match(/<\/details>/g) ?? []).length);
    expect(
      cut
        .split('\n')
        .every(
          (l) =>
            l === '' ||
            text.includes(l) ||
            l.includes('Report cut') ||
            l === '```' ||
            l === '</details>',
        ),
    ).toBe(true);
  });

  it('ignores <details> inside a code block and respects longer fences', () => {
    const text = [
      '````text',
      '<details>',
      '```',
      'still code',
      ...Array.from({ length: 100 }, () => 'x'.repeat(20)),
      '````',
    ].join('\n');
    const cut = cutAtLine(text, 400, 'summary');
    expect(cut).toMatch(/\n````\n\n> ⚠️/);
    expect(cut).not.toContain('</details>');
  });

  it('leaves text within the limit untouched', () => {
    expect(cutAtLine('short\ntext', 100, 'comment')).toBe('short\ntext');
  });
});
