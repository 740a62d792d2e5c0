import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDigests, decodeDigest, encodeDigest, type Digest } from '../../src/report/index.js';
import { flakyPass, manyFailures, seedIncident } from './fixtures.js';

describe('digest', () => {
  it('round-trips a run through a comment body', () => {
    const results = seedIncident();
    const body = `some report\n${encodeDigest(results, 2)}\nmore text`;
    const digest = decodeDigest(body);
    expect(digest).toEqual({
      iteration: 2,
      passRate: 56,
      verdict: 'fail',
      failed: results.tests.filter((t) => t.status === 'failed').map((t) => t.id),
      flaky: [],
    });
  });

  it('is a single hidden HTML comment', () => {
    const encoded = encodeDigest(seedIncident(), 1);
    expect(encoded).toMatch(/^<!-- staging-gate:digest v1 [A-Za-z0-9_-]+ -->$/);
  });

  it('stays small for 2,000 failures and says how many ids it left out', () => {
    const results = manyFailures(2000);
    const encoded = encodeDigest(results, 1);
    expect(encoded.length).toBeLessThan(9_000);
    const digest = decodeDigest(encoded);
    expect(digest?.omitted?.failed).toBe(2000 - (digest?.failed.length ?? 0));
    const next = compareDigests(digest as Digest, results);
    expect(next.approximate).toBe(true);
    expect(next.before.failed).toBe(2000);
  });

  it('never throws on garbage, and skips a broken digest for a valid one', () => {
    const valid = encodeDigest(seedIncident(), 4);
    const bad = [
      '',
      'no digest here',
      '<!-- staging-gate:digest v1 !!! -->',
      '<!-- staging-gate:digest v1 bm90IGpzb24 -->',
      `<!-- staging-gate:digest v1 ${Buffer.from('{"iteration":"1"}').toString('base64url')} -->`,
      `<!-- staging-gate:digest v1 ${Buffer.from('{"iteration":0,"passRate":1,"verdict":"pass","failed":[],"flaky":[]}').toString('base64url')} -->`,
      `<!-- staging-gate:digest v1 ${Buffer.from('{"iteration":1,"passRate":1,"verdict":"maybe","failed":[],"flaky":[]}').toString('base64url')} -->`,
      `<!-- staging-gate:digest v1 ${Buffer.from('{"iteration":1,"passRate":1,"verdict":"pass","failed":[3],"flaky":[]}').toString('base64url')} -->`,
      `<!-- staging-gate:digest v1 ${Buffer.from('[1,2]').toString('base64url')} -->`,
      `<!-- staging-gate:digest v1 ${Buffer.from('null').toString('base64url')} -->`,
    ];
    for (const body of bad) expect(decodeDigest(body)).toBeUndefined();
    expect(decodeDigest(undefined)).toBeUndefined();
    expect(decodeDigest(42)).toBeUndefined();
    expect(decodeDigest(`${bad[2]}\n${bad[3]}\n${valid}`)?.iteration).toBe(4);
    fc.assert(
      fc.property(
        fc.string({ maxLength: 500 }),
        fc.string({ maxLength: 200 }),
        (noise, payload) => {
          expect(() => decodeDigest(noise)).not.toThrow();
          expect(() => decodeDigest(`<!-- staging-gate:digest v1 ${payload} -->`)).not.toThrow();
          const encoded = Buffer.from(payload).toString('base64url');
          expect(() => decodeDigest(`<!-- staging-gate:digest v1 ${encoded} -->`)).not.toThrow();
        },
      ),
    );
  });

  it('round-trips any well-formed digest', () => {
    const id = fc.stringMatching(/^[a-z-]{1,12}\/[a-z0-9-]{1,16}$/);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.uniqueArray(id, { maxLength: 40 }),
        fc.uniqueArray(id, { maxLength: 10 }),
        (iteration, failed, flaky) => {
          const ids = new Set(failed);
          const flakyOnly = flaky.filter((f) => !ids.has(f));
          const results = seedIncident();
          results.tests = [
            ...failed.map((t) => ({ ...results.tests[1], id: t, status: 'failed' as const })),
            ...flakyOnly.map((t) => ({ ...results.tests[1], id: t, status: 'flaky' as const })),
          ];
          const d = decodeDigest(encodeDigest(results, iteration));
          expect(d).toMatchObject({ iteration, failed, flaky: flakyOnly });
        },
      ),
    );
  });

  it('compares the previous run with this one', () => {
    const previous = decodeDigest(encodeDigest(seedIncident(), 2)) as Digest;
    const now = flakyPass();
    // one previously failing test regressed differently, one new failure, one deselected
    const t = now.tests.find((x) => x.id === 'critical-path/api-endpoints');
    if (t) t.status = 'failed';
    now.tests.push({ ...now.tests[0], id: 'threads/new-check', status: 'failed' });
    now.tests = now.tests.filter((x) => x.id !== 'agent-pipeline/tool-results');
    const c = compareDigests(previous, now);
    expect(c.iteration).toBe(3);
    expect(c.before).toMatchObject({
      iteration: 2,
      passRate: 56,
      verdict: 'fail',
      failed: 11,
      flaky: 0,
    });
    expect(c.stillFailing).toEqual(['critical-path/api-endpoints']);
    expect(c.newlyFailing).toEqual(['threads/new-check']);
    expect(c.notRun).toEqual(['agent-pipeline/tool-results']);
    expect(c.fixed).toHaveLength(9);
    expect(c.flaky).toEqual(['concurrency/seven-sessions']);
    expect(c.approximate).toBe(false);
  });
});
