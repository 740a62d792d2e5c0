import { describe, expect, it } from 'vitest';
import {
  buildResults,
  DEFAULT_GATE_POLICY,
  gateConclusion,
  matchesGlob,
  resolveCritical,
} from '../../src/verdict/index.js';
import { metric, READY, result } from './builders.js';

describe('buildResults', () => {
  it('produces results.json in the order and shape of INTERFACE.md §3', () => {
    const results = buildResults(
      {
        tests: [
          result('a/ok'),
          result('a/bad', 'failed', {
            category: 'http_error',
            message: 'GET /x → 500',
            httpStatus: 500,
          }),
        ],
        metrics: [metric('api_response_ms', 'met', 40)],
        readiness: { ...READY, version: 'v42' },
        target: { baseUrl: 'https://s.example', wsUrl: 'wss://s.example/ws' },
        startedAt: '2025-09-08T19:47:52.000Z',
        durationMs: 1234.6,
        moduleTitles: { a: 'Module A' },
        commit: 'abc',
      },
      DEFAULT_GATE_POLICY,
    );
    expect(Object.keys(results).slice(0, 11)).toEqual([
      'schemaVersion',
      'verdict',
      'reason',
      'target',
      'startedAt',
      'durationMs',
      'summary',
      'modules',
      'tests',
      'metrics',
      'patterns',
    ]);
    expect(results).toMatchObject({
      schemaVersion: 1,
      verdict: 'fail',
      reason: '1/2 failed (50.0 %) > 0 %',
      target: { baseUrl: 'https://s.example', wsUrl: 'wss://s.example/ws', version: 'v42' },
      durationMs: 1235,
      summary: { total: 2, passed: 1, failed: 1, skipped: 0, flaky: 0, passRate: 50 },
      modules: [{ id: 'a', title: 'Module A', total: 2, passed: 1, failed: 1 }],
      patterns: [{ category: 'http_error', signature: 'GET /x → 500', count: 1 }],
      commit: 'abc',
    });
    expect(results).not.toHaveProperty('runUrl');
    // a failure appears only on failed and flaky tests
    expect(results.tests[0]).not.toHaveProperty('failure');
  });
});

describe('policy helpers', () => {
  it('resolves critical tests from globs, or priority 1 when none are given', () => {
    const tests = [
      result('websocket-events/agent-event-flow', 'passed', undefined, { priority: 1 }),
      result('threads/list', 'passed', undefined, { priority: 2 }),
    ];
    expect(resolveCritical(tests, null).map((t) => t.critical)).toEqual([true, false]);
    expect(resolveCritical(tests, ['threads/*']).map((t) => t.critical)).toEqual([false, true]);
    expect(resolveCritical(tests, ['**']).map((t) => t.critical)).toEqual([true, true]);
    expect(matchesGlob('a/b', 'a/*')).toBe(true);
    expect(matchesGlob('a/b/c', 'a/*')).toBe(false);
  });

  it('maps verdicts to the step conclusion, inconclusive by on-inconclusive', () => {
    expect(gateConclusion('pass', 'fail')).toBe('success');
    expect(gateConclusion('fail', 'pass')).toBe('failure');
    expect(gateConclusion('inconclusive', 'fail')).toBe('failure');
    expect(gateConclusion('inconclusive', 'pass')).toBe('success');
    expect(gateConclusion('inconclusive', 'neutral')).toBe('neutral');
  });
});
