import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  closeSignature,
  failureSignature,
  groupPatterns,
  normalizeMessage,
} from '../../src/verdict/index.js';
import type { TestResult } from '../../src/model.js';
import { result } from './builders.js';

const crash = (id: string, awaiting: string, runId: string) =>
  result(id, 'failed', {
    category: 'ws_internal_error',
    message: `WebSocket closed 1011 (Internal error) while awaiting ${awaiting} for run ${runId} after 1203 ms`,
    closeCode: 1011,
    closeReason: 'Internal error',
  });

describe('normalizeMessage', () => {
  it('replaces what varies and keeps what does not', () => {
    expect(
      normalizeMessage(
        'run run_8f3k2j for staging-e2e-user-003 (conn 3f2a9b1c-1d2e-4f50-8a6b-7c8d9e0f1a2b) at 2025-09-08T19:47:53.210Z took 1203 ms, ts 1757360872412',
      ),
    ).toBe('run run_<id> for staging-e2e-user-<id> (conn <uuid>) at <time> took <n> ms, ts <n>');
    expect(normalizeMessage('GET /api/mcp/servers → 500 {"error":"x"} (34 ms)')).toBe(
      'GET /api/mcp/servers → 500 {"error":"x"}',
    );
    expect(normalizeMessage('agent_thinking never came; close 1011')).toBe(
      'agent_thinking never came; close 1011',
    );
  });

  it('is idempotent and single-line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const once = normalizeMessage(s);
        expect(once).not.toMatch(/[\n\r]/);
        expect(once.length).toBeLessThanOrEqual(200);
        if (!once.endsWith('…')) expect(normalizeMessage(once)).toBe(once);
      }),
    );
  });
});

describe('failureSignature', () => {
  it('names a close by code and reason, as the seed did', () => {
    expect(closeSignature(1011, 'Internal error')).toBe(
      'received 1011 (internal error) Internal error',
    );
    expect(closeSignature(1008)).toBe('received 1008 (policy violation)');
    expect(closeSignature(4001, 'bad')).toBe('received 4001 (application-defined) bad');
    expect(closeSignature(1006)).toContain('1006 (abnormal closure)');
  });

  it('groups refused tokens whatever the endpoint, but keeps the endpoint of a 500', () => {
    const auth = (path: string) =>
      failureSignature({
        category: 'auth_rejected',
        message: `${path} → 401 {"detail":"bad"} (19 ms)`,
        httpStatus: 401,
      });
    expect(auth('GET /api/agents')).toBe('HTTP 401 {"detail":"bad"}');
    expect(auth('POST /api/threads')).toBe(auth('GET /api/agents'));
    expect(
      failureSignature({
        category: 'http_error',
        message: 'GET /api/mcp/servers → 500 (12 ms)',
        httpStatus: 500,
      }),
    ).toBe('GET /api/mcp/servers → 500');
    expect(
      failureSignature({ category: 'http_error', message: 'unexpected body', httpStatus: 502 }),
    ).toBe('HTTP 502: unexpected body');
  });
});

describe('groupPatterns', () => {
  it('groups the seed incident into one 1011 pattern across three modules', () => {
    const tests = [
      crash('websocket-events/a', 'agent_thinking', 'run_1a2b3c'),
      crash('websocket-events/b', 'agent_completed', 'run_9z8y7x'),
      crash('message-flow/c', 'agent_thinking', 'run_55aa66'),
      crash('agent-pipeline/d', 'tool_completed', 'run_77bb88'),
      result('critical-path/api', 'failed', {
        category: 'http_error',
        message: 'GET /api/mcp/servers → 500 (34 ms)',
        httpStatus: 500,
      }),
      result('auth/ok', 'passed'),
    ];
    const patterns = groupPatterns(tests);
    expect(patterns).toEqual([
      {
        category: 'ws_internal_error',
        signature: 'received 1011 (internal error) Internal error',
        count: 4,
        tests: ['websocket-events/a', 'websocket-events/b', 'message-flow/c', 'agent-pipeline/d'],
        modules: ['websocket-events', 'message-flow', 'agent-pipeline'],
      },
      {
        category: 'http_error',
        signature: 'GET /api/mcp/servers → 500',
        count: 1,
        tests: ['critical-path/api'],
        modules: ['critical-path'],
      },
    ]);
  });

  it('separates equal signatures of different categories', () => {
    const tests = [
      result('a/1', 'failed', { category: 'timeout', message: 'nothing came' }),
      result('a/2', 'failed', { category: 'missing_event', message: 'nothing came' }),
    ];
    // equal counts: in the order of FAILURE_CATEGORIES
    expect(groupPatterns(tests).map((p) => p.category)).toEqual(['timeout', 'missing_event']);
  });

  it('counts flaky tests but puts patterns with a hard failure first', () => {
    const tests = [
      result('a/1', 'flaky', { category: 'timeout', message: 'slow' }),
      result('a/2', 'flaky', { category: 'timeout', message: 'slow' }),
      result('a/3', 'failed', { category: 'not_found', message: 'GET /x → 404' }),
    ];
    const patterns = groupPatterns(tests);
    expect(patterns.map((p) => [p.category, p.count])).toEqual([
      ['not_found', 1],
      ['timeout', 2],
    ]);
  });

  it('ignores passed and skipped tests, and is independent of input order for its sort', () => {
    const tests = [
      result('a/1', 'failed', { message: 'x' }),
      result('b/1', 'failed', { message: 'y' }),
      result('b/2', 'failed', { message: 'y' }),
      result('c/1', 'passed'),
      result('c/2', 'skipped'),
    ];
    const forward = groupPatterns(tests).map((p) => p.signature);
    const backward = groupPatterns([...tests].reverse()).map((p) => p.signature);
    expect(forward).toEqual(['y', 'x']);
    expect(backward).toEqual(forward);
  });
});

describe('patterns of HTTP failures', () => {
  it('group one endpoint failure whatever each test prefixed its message with', () => {
    const failed = (id: string, message: string): TestResult => ({
      id,
      module: id.split('/')[0],
      title: id,
      priority: 1,
      critical: true,
      status: 'failed',
      durationMs: 5,
      attempts: 1,
      failure: { category: 'http_error', message, httpStatus: 500, stage: 'response' },
    });
    const body = '{"error":{"code":"INTERNAL_ERROR","message":"Internal server error"}}';
    const patterns = groupPatterns([
      failed(
        'critical-path/critical-api-endpoints',
        `/api/mcp/servers: GET /api/mcp/servers → 500 (expected 200): ${body}`,
      ),
      failed(
        'performance/api-response-time',
        `timed GET: GET /api/mcp/servers → 500 (expected 200): ${body}`,
      ),
      failed('threads/create-thread', `POST /api/threads → 500 (expected 201): ${body}`),
    ]);
    expect(patterns).toHaveLength(2);
    expect(patterns[0]).toMatchObject({ count: 2, modules: ['critical-path', 'performance'] });
    expect(patterns[0].signature).toMatch(/^GET \/api\/mcp\/servers → 500/);
  });
});
