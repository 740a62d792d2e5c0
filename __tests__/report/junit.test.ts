import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderJUnit } from '../../src/report/index.js';
import { flakyPass, notReady, seedIncident } from './fixtures.js';

/**
 * A strict-enough XML well-formedness check for what renderJUnit emits: balanced tags,
 * quoted attributes, no raw `<` or stray `&`, no character XML 1.0 forbids.
 */
function assertWellFormed(xml: string): void {
  // eslint-disable-next-line no-control-regex -- XML 1.0's Char production, negated
  expect(xml).not.toMatch(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, '');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy;
  let m: RegExpExecArray | null;
  let roots = 0;
  while ((m = token.exec(body)) !== null) {
    const [, closing, name, , selfClosing, text, stray] = m;
    if (stray) throw new Error(`stray '<' at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    if (text !== undefined) {
      if (stack.length === 0 && text.trim() !== '')
        throw new Error(`text outside the root: ${text}`);
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(text))
        throw new Error(`bare & in: ${text.slice(0, 80)}`);
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) {
      roots++;
    }
  }
  expect(token.lastIndex === 0 || token.lastIndex === body.length).toBe(true);
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

describe('renderJUnit', () => {
  it('is well-formed: one suite per module, one case per test, classname = module', () => {
    const xml = renderJUnit(seedIncident());
    assertWellFormed(xml);
    expect(xml.match(/<testsuite /g)).toHaveLength(10);
    expect(xml.match(/<testcase /g)).toHaveLength(25);
    expect(xml).toContain(
      '<testsuites name="staging-gate" tests="25" failures="11" errors="0" skipped="0" time="67.300"',
    );
    expect(xml).toContain('<testcase name="api-endpoints" classname="critical-path" time="0.310">');
    expect(xml).toMatch(
      /<failure type="http_error" message="GET \/api\/mcp\/servers → 500 \{&quot;error&quot;/,
    );
  });

  it('marks flaky tests as passed with a note, and skipped with their reason', () => {
    const xml = renderJUnit(flakyPass());
    assertWellFormed(xml);
    expect(xml).not.toContain('<failure');
    expect(xml).toContain(
      '<system-out>flaky: passed on attempt 2; an earlier attempt failed with ws_abnormal_close',
    );
    expect(xml).toContain('<skipped message="needs a second user: auth-token gives only one"/>');
  });

  it('reports a service that never became ready as one errored case', () => {
    const xml = renderJUnit(notReady());
    assertWellFormed(xml);
    expect(xml).toContain('errors="1"');
    expect(xml).toContain('<error type="service_unavailable"');
  });

  it('escapes anything the service sends, and strips characters XML cannot hold', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        (message, id) => {
          const results = seedIncident();
          const t = results.tests[1];
          t.id = `websocket-events/${id}`;
          if (t.failure) {
            t.failure.message = message;
            t.failure.closeReason = message;
            t.failure.evidence = [{ atMs: 1, dir: 'in', text: `${message}]]></failure>&` }];
          }
          results.modules[0].id = `websocket-events${id}`;
          results.tests
            .filter((x) => x.module === 'websocket-events')
            .forEach((x) => (x.module = results.modules[0].id));
          assertWellFormed(renderJUnit(results));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never writes a token', () => {
    const results = seedIncident();
    const token =
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGFnaW5nLWUyZS11c2VyLTAwMyJ9.c2lnbmF0dXJlLWhlcmU';
    if (results.tests[1].failure) results.tests[1].failure.message = `rejected ${token}`;
    expect(renderJUnit(results)).not.toContain(token);
  });
});
