/**
 * INTERFACE.md §3 as a check: the problems of a parsed results.json, or none. Written from
 * the contract, not from the code that writes the file, so that it can disagree with it.
 */
import { FAILURE_CATEGORIES, METRIC_NAMES } from '../../src/model.js';

const VERDICTS = ['pass', 'fail', 'inconclusive'];
const STATUSES = ['passed', 'failed', 'skipped', 'flaky'];
const METRIC_STATUSES = ['met', 'breached', 'no-data'];

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

export function resultsProblems(value: unknown): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  if (!isObj(value)) return ['results.json is not a JSON object'];
  const r = value;
  need(r.schemaVersion === 1, 'schemaVersion is not 1');
  need(VERDICTS.includes(r.verdict as string), `verdict ${String(r.verdict)}`);
  need(
    isStr(r.reason) && r.reason.length > 0 && !r.reason.includes('\n'),
    'reason is not one line',
  );
  need(isObj(r.target) && isStr(r.target.baseUrl) && isStr(r.target.wsUrl), 'target');
  need(isStr(r.startedAt) && !Number.isNaN(Date.parse(r.startedAt)), 'startedAt');
  need(isNum(r.durationMs) && r.durationMs >= 0, 'durationMs');

  const s = isObj(r.summary) ? r.summary : {};
  for (const k of ['total', 'passed', 'failed', 'skipped', 'flaky', 'passRate']) {
    need(isNum(s[k]), `summary.${k}`);
  }
  const tests = Array.isArray(r.tests) ? r.tests : [];
  need(Array.isArray(r.tests), 'tests is not an array');
  need(s.total === tests.length, `summary.total ${String(s.total)} ≠ ${tests.length} tests`);
  for (const status of ['passed', 'failed', 'skipped', 'flaky'] as const) {
    const n = tests.filter((t) => isObj(t) && t.status === status).length;
    need(s[status] === n, `summary.${status} ${String(s[status])} ≠ ${n}`);
  }
  for (const t of tests) {
    if (!isObj(t)) {
      problems.push('a test is not an object');
      continue;
    }
    const id = String(t.id);
    need(isStr(t.id) && isStr(t.module) && isStr(t.title), `${id}: id, module, title`);
    need(id.startsWith(`${String(t.module)}/`), `${id}: id is not module/name`);
    need(isNum(t.priority) && typeof t.critical === 'boolean', `${id}: priority, critical`);
    need(STATUSES.includes(t.status as string), `${id}: status ${String(t.status)}`);
    need(isNum(t.durationMs) && isNum(t.attempts), `${id}: durationMs, attempts`);
    const failing = t.status === 'failed' || t.status === 'flaky';
    need(failing === (t.failure !== undefined), `${id}: failure present iff failed or flaky`);
    if (isObj(t.failure)) {
      const f = t.failure;
      need(
        (FAILURE_CATEGORIES as readonly string[]).includes(f.category as string),
        `${id}: category ${String(f.category)}`,
      );
      need(isStr(f.message) && f.message.length > 0, `${id}: failure.message`);
    }
  }
  need(Array.isArray(r.modules), 'modules is not an array');
  for (const m of Array.isArray(r.modules) ? r.modules : []) {
    need(isObj(m) && isStr(m.id) && isNum(m.total) && isNum(m.failed), 'a module entry');
  }
  need(Array.isArray(r.metrics), 'metrics is not an array');
  for (const m of Array.isArray(r.metrics) ? r.metrics : []) {
    if (!isObj(m)) continue;
    need(
      (METRIC_NAMES as readonly string[]).includes(m.name as string),
      `metric ${String(m.name)}`,
    );
    need(METRIC_STATUSES.includes(m.status as string), `metric ${String(m.name)} status`);
    need(isNum(m.samples) && isNum(m.target), `metric ${String(m.name)} samples, target`);
  }
  need(Array.isArray(r.patterns), 'patterns is not an array');
  for (const p of Array.isArray(r.patterns) ? r.patterns : []) {
    need(
      isObj(p) &&
        (FAILURE_CATEGORIES as readonly string[]).includes(p.category as string) &&
        Array.isArray(p.tests),
      'a pattern entry',
    );
  }
  return problems;
}
