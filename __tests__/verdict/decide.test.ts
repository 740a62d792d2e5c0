import { describe, expect, it } from 'vitest';
import type { Readiness } from '../../src/model.js';
import { decideVerdict, DEFAULT_GATE_POLICY, type GatePolicy } from '../../src/verdict/index.js';
import { many, metric, READY, result } from './builders.js';

const policy = (p: Partial<GatePolicy> = {}): GatePolicy => ({ ...DEFAULT_GATE_POLICY, ...p });

describe('decideVerdict', () => {
  it('passes when every graded test passed, and says how many', () => {
    const v = decideVerdict({ tests: many(25, 'passed'), metrics: [], readiness: READY }, policy());
    expect(v).toEqual({ verdict: 'pass', reason: '25/25 passed (100.0 %)' });
  });

  it('fails when the failure rate exceeds max-failure-rate, naming the numbers', () => {
    const tests = [...many(21, 'passed'), ...many(4, 'failed', 'x')];
    const v = decideVerdict({ tests, metrics: [], readiness: READY }, policy());
    expect(v.verdict).toBe('fail');
    expect(v.reason).toBe('4/25 failed (16.0 %) > 0 %');
  });

  it('passes at a failure rate within the allowance, and says it was allowed', () => {
    const tests = [...many(21, 'passed'), ...many(4, 'failed', 'x')];
    const at = decideVerdict(
      { tests, metrics: [], readiness: READY },
      policy({ maxFailureRate: 16 }),
    );
    expect(at.verdict).toBe('pass');
    expect(at.reason).toContain('4/25 failed (16.0 %) ≤ 16 % allowed');
    const under = decideVerdict(
      { tests, metrics: [], readiness: READY },
      policy({ maxFailureRate: 15.9 }),
    );
    expect(under.verdict).toBe('fail');
  });

  it('fails on any critical failure even within the allowance', () => {
    const tests = [
      ...many(20, 'passed'),
      result('websocket-events/agent-event-flow', 'failed', {}, { critical: true }),
    ];
    const v = decideVerdict(
      { tests, metrics: [], readiness: READY },
      policy({ maxFailureRate: 50 }),
    );
    expect(v).toEqual({
      verdict: 'fail',
      reason: 'critical websocket-events/agent-event-flow failed',
    });
  });

  it('names both rules when both are broken, and caps the list of critical ids', () => {
    const critical = Array.from({ length: 5 }, (_, i) =>
      result(`c/t${i}`, 'failed', {}, { critical: true }),
    );
    const v = decideVerdict(
      { tests: [...many(5, 'passed'), ...critical], metrics: [], readiness: READY },
      policy(),
    );
    expect(v.reason).toBe(
      '5/10 failed (50.0 %) > 0 %; critical c/t0, c/t1, c/t2 and 2 more failed',
    );
  });

  it('does not fail on flaky tests, but counts them', () => {
    const tests = [...many(9, 'passed'), result('m/flaky', 'flaky', {}, { critical: true })];
    const v = decideVerdict({ tests, metrics: [], readiness: READY }, policy());
    expect(v).toEqual({
      verdict: 'pass',
      reason: '10/10 passed (100.0 %); 1 flaky (passed on retry)',
    });
  });

  it('fails on a breached metric under perf-gate fail, warns under warn, ignores under off', () => {
    const input = {
      tests: many(3, 'passed'),
      metrics: [metric('ws_latency_ms', 'breached', 72)],
      readiness: READY,
    };
    expect(decideVerdict(input, policy({ perfGate: 'fail' }))).toEqual({
      verdict: 'fail',
      reason: 'performance: ws_latency_ms p95 72 ms > 50 ms',
    });
    const warn = decideVerdict(input, policy({ perfGate: 'warn' }));
    expect(warn.verdict).toBe('pass');
    expect(warn.reason).toContain('warning: ws_latency_ms p95 72 ms > 50 ms (perf-gate: warn)');
    expect(decideVerdict(input, policy({ perfGate: 'off' }))).toEqual({
      verdict: 'pass',
      reason: '3/3 passed (100.0 %)',
    });
  });

  it('never fails on a metric without data', () => {
    const input = {
      tests: many(3, 'passed'),
      metrics: [metric('message_processing_ms', 'no-data')],
      readiness: READY,
    };
    expect(decideVerdict(input, policy()).verdict).toBe('pass');
  });

  it('is inconclusive when the service never became ready, whatever the tests say', () => {
    const readiness: Readiness = {
      ready: false,
      category: 'service_unavailable',
      message:
        '/health not healthy within 300 s (42 polls, waited 301.2 s); last answer: 503 startup in progress',
      waitedMs: 301_200,
      polls: 42,
    };
    const v = decideVerdict({ tests: many(2, 'failed'), metrics: [], readiness }, policy());
    expect(v).toEqual({
      verdict: 'inconclusive',
      reason:
        'service never became ready: /health not healthy within 300 s (42 polls, waited 301.2 s); last answer: 503 startup in progress',
    });
  });

  it('names a stale deploy, and adds the counts when the message lacks them', () => {
    const readiness: Readiness = {
      ready: false,
      category: 'stale_deploy',
      message: "/health reports version 'abc', expected 'def'",
      version: 'abc',
      waitedMs: 120_400,
      polls: 1,
    };
    expect(decideVerdict({ tests: [], metrics: [], readiness }, policy())).toEqual({
      verdict: 'inconclusive',
      reason:
        "service never reported the expected version: /health reports version 'abc', expected 'def' (1 poll in 120 s)",
    });
  });

  it('is inconclusive when nothing could be graded, with the commonest skip reason', () => {
    expect(decideVerdict({ tests: [], metrics: [], readiness: READY }, policy())).toEqual({
      verdict: 'inconclusive',
      reason: 'nothing could be graded: no test was selected',
    });
    const tests = [
      result('a/1', 'skipped', {}, { skipReason: 'needs auth' }),
      result('a/2', 'skipped', {}, { skipReason: 'needs auth' }),
      result('a/3', 'skipped', {}, { skipReason: 'needs a second user' }),
    ];
    expect(decideVerdict({ tests, metrics: [], readiness: READY }, policy()).reason).toBe(
      'nothing could be graded: all 3 selected tests were skipped (needs auth)',
    );
  });

  it('grades over non-skipped tests only', () => {
    const tests = [...many(3, 'passed'), ...many(1, 'failed', 'f'), ...many(6, 'skipped', 's')];
    const v = decideVerdict(
      { tests, metrics: [], readiness: READY },
      policy({ maxFailureRate: 30 }),
    );
    expect(v.reason).toBe('3/4 passed (75.0 %); 1/4 failed (25.0 %) ≤ 30 % allowed; 6 skipped');
  });

  it('keeps the reason on one line whatever the readiness message holds', () => {
    const readiness: Readiness = {
      ready: false,
      message: 'line one\nline two',
      waitedMs: 0,
      polls: 0,
    };
    expect(decideVerdict({ tests: [], metrics: [], readiness }, policy()).reason).not.toContain(
      '\n',
    );
  });
});

describe('no green without evidence', () => {
  const needs = 'needs jwt-secret or auth-token: no credentials were given';

  it('a skipped critical test makes a run of passes inconclusive, naming how many, which and what they needed', () => {
    const tests = [
      ...many(7, 'passed'),
      ...Array.from({ length: 27 }, (_, i) =>
        result(`c/t${i}`, 'skipped', {}, { critical: true, skipReason: needs }),
      ),
    ];
    expect(decideVerdict({ tests, metrics: [], readiness: READY }, policy())).toEqual({
      verdict: 'inconclusive',
      reason:
        '27 critical tests did not run: they need jwt-secret or auth-token: no credentials were given (c/t0, c/t1, c/t2 and 24 more)',
    });
  });

  it('groups several reasons, each with its count and ids', () => {
    const tests = [
      ...many(3, 'passed'),
      result('i/a', 'skipped', {}, { critical: true, skipReason: 'needs a second user' }),
      result('i/b', 'skipped', {}, { critical: true, skipReason: 'needs a second user' }),
      result('x/e', 'skipped', {}, { critical: true, skipReason: 'needs to mint tokens' }),
      result('x/f', 'skipped', {}, { critical: true, skipReason: 'not applicable here' }),
    ];
    expect(decideVerdict({ tests, metrics: [], readiness: READY }, policy()).reason).toBe(
      '4 critical tests did not run: 2 need a second user (i/a, i/b); 1 needs to mint tokens (x/e); 1 was skipped: not applicable here (x/f)',
    );
  });

  it('one skipped critical test is enough', () => {
    const tests = [
      ...many(30, 'passed'),
      result('auth/expired', 'skipped', {}, { critical: true, skipReason: 'needs to mint tokens' }),
    ];
    expect(decideVerdict({ tests, metrics: [], readiness: READY }, policy())).toEqual({
      verdict: 'inconclusive',
      reason: '1 critical test did not run: it needs to mint tokens (auth/expired)',
    });
  });

  it('skipped tests left out of critical-tests still let the run pass, and are counted', () => {
    const tests = [
      ...many(3, 'passed'),
      result('i/a', 'skipped', {}, { critical: false, skipReason: 'needs a second user' }),
    ];
    expect(decideVerdict({ tests, metrics: [], readiness: READY }, policy())).toEqual({
      verdict: 'pass',
      reason: '3/3 passed (100.0 %); 1 skipped',
    });
  });

  it('a failure still fails: a skip never hides a broken rule', () => {
    const tests = [
      result('a/x', 'failed', {}, { critical: true }),
      result('i/a', 'skipped', {}, { critical: true, skipReason: 'needs a second user' }),
    ];
    expect(decideVerdict({ tests, metrics: [], readiness: READY }, policy()).verdict).toBe('fail');
  });

  it('a cancelled run is inconclusive whatever its tests say, and says how far it got', () => {
    const tests = [...many(3, 'passed'), ...many(2, 'failed', 'f'), ...many(4, 'skipped', 's')];
    expect(
      decideVerdict({ tests, metrics: [], readiness: READY, cancelled: 'SIGTERM' }, policy()),
    ).toEqual({
      verdict: 'inconclusive',
      reason: 'cancelled (SIGTERM): 5 of 9 tests ran, 4 did not',
    });
    expect(
      decideVerdict({ tests: [], metrics: [], readiness: READY, cancelled: 'SIGINT' }, policy())
        .reason,
    ).toBe('cancelled (SIGINT): before the tests were selected');
  });
});
