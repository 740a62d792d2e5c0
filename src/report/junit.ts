/**
 * junit.xml: `testsuites` > one `testsuite` per module (name = module id) > one `testcase`
 * per test (classname = module). Flaky tests passed, so they are passing testcases with a
 * note; a run that never got past readiness gets one errored `readiness` case, so JUnit
 * viewers do not show an empty green run.
 */
import type { Results, TestResult } from '../model.js';
import { scrub } from './markdown.js';
import { formatMs } from './units.js';

/** Characters XML 1.0 cannot hold at all, even escaped (its `Char` production, negated). */
// eslint-disable-next-line no-control-regex -- naming the allowed control characters is the point
const INVALID_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content: only `&`, `<` and `>` need escaping, so frames stay readable. */
export function xmlText(value: string): string {
  return scrub(value)
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Escaped for any position, attributes included. */
export function xmlEscape(value: string): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** An attribute value: newlines would be normalized to spaces by parsers anyway. */
function attr(value: string): string {
  return xmlEscape(value.replace(/\s+/g, ' ').trim());
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

export function renderJUnit(results: Results): string {
  const suites: string[] = [];
  const modules = results.modules.length > 0 ? results.modules.map((m) => m.id) : [];
  for (const id of modules) {
    const tests = results.tests.filter((t) => t.module === id);
    const failures = tests.filter((t) => t.status === 'failed').length;
    const skipped = tests.filter((t) => t.status === 'skipped').length;
    const time = tests.reduce((n, t) => n + t.durationMs, 0);
    suites.push(
      `  <testsuite name="${attr(id)}" tests="${tests.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}" timestamp="${attr(results.startedAt)}">`,
      ...tests.map(testcase),
      '  </testsuite>',
    );
  }
  let errors = 0;
  const readiness = results.readiness;
  if (readiness && !readiness.ready) {
    errors = 1;
    const category = readiness.category ?? 'service_unavailable';
    suites.push(
      `  <testsuite name="readiness" tests="1" failures="0" errors="1" skipped="0" time="${seconds(readiness.waitedMs)}" timestamp="${attr(results.startedAt)}">`,
      `    <testcase name="service ready" classname="readiness" time="${seconds(readiness.waitedMs)}">`,
      `      <error type="${attr(category)}" message="${attr(readiness.message)}">${xmlText(`${readiness.message}\n${readiness.polls} polls over ${formatMs(readiness.waitedMs)}`)}</error>`,
      '    </testcase>',
      '  </testsuite>',
    );
  }
  const s = results.summary;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="staging-gate" tests="${s.total + errors}" failures="${s.failed}" errors="${errors}" skipped="${s.skipped}" time="${seconds(results.durationMs)}" timestamp="${attr(results.startedAt)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(t: TestResult): string {
  const name = t.id.startsWith(`${t.module}/`) ? t.id.slice(t.module.length + 1) : t.id;
  const open = `    <testcase name="${attr(name)}" classname="${attr(t.module)}" time="${seconds(t.durationMs)}"`;
  if (t.status === 'passed') return `${open}/>`;
  if (t.status === 'skipped') {
    const message = t.skipReason ? ` message="${attr(t.skipReason)}"` : '';
    return `${open}>\n      <skipped${message}/>\n    </testcase>`;
  }
  const f = t.failure;
  const details = f ? failureText(t) : '';
  if (t.status === 'flaky') {
    const note = `flaky: passed on attempt ${t.attempts}${f ? `; an earlier attempt failed with ${f.category}: ${details}` : ''}`;
    return `${open}>\n      <system-out>${xmlText(note)}</system-out>\n    </testcase>`;
  }
  const type = f?.category ?? 'assertion';
  const message = f?.message ?? 'failed';
  return `${open}>\n      <failure type="${attr(type)}" message="${attr(message)}">${xmlText(details)}</failure>\n    </testcase>`;
}

function failureText(t: TestResult): string {
  const f = t.failure;
  if (!f) return '';
  const facts = [
    f.stage !== undefined ? `stage: ${f.stage}` : '',
    f.httpStatus !== undefined ? `http status: ${f.httpStatus}` : '',
    f.closeCode !== undefined
      ? `close: ${f.closeCode}${f.closeReason ? ` ${f.closeReason}` : ''}`
      : '',
    f.elapsedMs !== undefined ? `elapsed: ${f.elapsedMs} ms` : '',
  ].filter((s) => s);
  const evidence = (f.evidence ?? []).map((e) => `+${e.atMs} ms ${e.dir} ${e.text}`);
  return [f.message, ...facts, ...(evidence.length > 0 ? ['evidence:', ...evidence] : [])].join(
    '\n',
  );
}
