import { describe, expect, it } from 'vitest';
import { GateError, type FailureCategory, type FailureFacts } from '../../src/model.js';
import { categoryFromFacts, classifyFailure } from '../../src/runner/classify.js';

describe('classifyFailure', () => {
  const cases: Array<[string, FailureFacts, FailureCategory]> = [
    ['close 1011', { closeCode: 1011, closeReason: 'Internal error' }, 'ws_internal_error'],
    ['close 1008', { closeCode: 1008 }, 'auth_rejected'],
    ['close 1006', { closeCode: 1006 }, 'ws_abnormal_close'],
    ['socket closed', { kind: 'closed' }, 'ws_abnormal_close'],
    ['401', { kind: 'status', httpStatus: 401 }, 'auth_rejected'],
    ['403', { httpStatus: 403 }, 'auth_rejected'],
    ['404', { httpStatus: 404 }, 'not_found'],
    ['502', { httpStatus: 502 }, 'service_unavailable'],
    ['503', { httpStatus: 503 }, 'service_unavailable'],
    ['504', { httpStatus: 504 }, 'service_unavailable'],
    ['500', { httpStatus: 500 }, 'http_error'],
    ['422', { httpStatus: 422 }, 'http_error'],
    ['refused', { kind: 'refused', errorCode: 'ECONNREFUSED' }, 'connection_failed'],
    ['reset', { kind: 'reset' }, 'connection_failed'],
    ['dns', { kind: 'dns' }, 'connection_failed'],
    ['tls', { kind: 'tls' }, 'connection_failed'],
    ['ECONNREFUSED code only', { errorCode: 'ECONNREFUSED' }, 'connection_failed'],
    ['timeout', { kind: 'timeout', stage: 'welcome' }, 'timeout'],
    ['malformed', { kind: 'protocol', errorCode: 'JSON_PARSE_ERROR' }, 'protocol_violation'],
    ['no facts', {}, 'assertion'],
  ];

  it.each(cases)('%s → its category', (_name, facts, category) => {
    expect(classifyFailure(new GateError('x', facts)).category).toBe(category);
  });

  it('a 2xx status alone implies nothing', () => {
    expect(categoryFromFacts({ httpStatus: 200 })).toBeUndefined();
  });

  it('a category the check names wins over the facts, even on timeout', () => {
    const err = new GateError('accepted a forged token', { httpStatus: 200 }, 'auth_not_enforced');
    expect(classifyFailure(err, { timedOut: true }).category).toBe('auth_not_enforced');
  });

  it('a timed-out attempt is a timeout whatever else the error says', () => {
    expect(classifyFailure(new Error('aborted'), { timedOut: true }).category).toBe('timeout');
  });

  it('copies the facts a report shows, rounding elapsed time', () => {
    const f = classifyFailure(
      new GateError('closed', {
        closeCode: 1011,
        closeReason: 'boom',
        stage: 'first_event',
        elapsedMs: 12.6,
      }),
    );
    expect(f).toEqual({
      category: 'ws_internal_error',
      message: 'closed',
      closeCode: 1011,
      closeReason: 'boom',
      stage: 'first_event',
      elapsedMs: 13,
    });
  });

  it('reads the code of a raw Node or fetch error', () => {
    const fetchError = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    });
    const f = classifyFailure(fetchError);
    expect(f.category).toBe('connection_failed');
    expect(f.message).toBe('fetch failed (connect ECONNREFUSED 127.0.0.1:1)');
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
    });
    expect(classifyFailure(timeout).category).toBe('timeout');
  });

  it('describes non-Error throws readably', () => {
    expect(classifyFailure('plain').message).toBe('plain');
    expect(classifyFailure({ a: 1 }).message).toBe('a test threw a non-Error value: {"a":1}');
    expect(classifyFailure(null).message).toBe('a test threw null');
    expect(classifyFailure(new Error('')).message).toBe('Error');
  });

  it('prefers the evidence on the error over the attempt log', () => {
    const own = [{ atMs: 1, dir: 'in' as const, text: 'own' }];
    const log = [{ atMs: 2, dir: 'out' as const, text: 'log' }];
    expect(
      classifyFailure(new GateError('x', {}, undefined, own), { evidence: log }).evidence,
    ).toEqual(own);
    expect(classifyFailure(new Error('x'), { evidence: log }).evidence).toEqual(log);
    expect(classifyFailure(new Error('x'), { evidence: [] }).evidence).toBeUndefined();
  });
});
