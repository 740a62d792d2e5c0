import { describe, expect, it } from 'vitest';
import {
  closeSignature,
  failureSignature,
  groupPatterns,
  normalizeMessage,
} from '../../src/verdict/index.js';
import type { Failure, TestResult } from '../../src/model.js';
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
    ).toBe(
      'run run_<id> for staging-e2e-user-<id> (conn <uuid>) at <time> took <duration>, ts <n>',
    );
    expect(normalizeMessage('GET /api/mcp/servers → 500 {"error":"x"} (34 ms)')).toBe(
      'GET /api/mcp/servers → 500 {"error":"x"}',
    );
    expect(normalizeMessage('agent_thinking never came; close 1011')).toBe(
      'agent_thinking never came; close 1011',
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

/**
 * The messages `demo --fault drop-event:tool_completed` gave, word for word (ids as the sim
 * minted them): one fault, nine tests, each with its own context and run id. Main grouped
 * them as nine patterns of one.
 */
const DROPPED_TOOL_COMPLETED: Record<string, string> = {
  'concurrency/concurrent-user-runs':
    "20 of 20 concurrent users failed (0.0 % succeeded, 99 % required; 20 users); user 1: user 1's run 1: tool_executing for classify_request never got its tool_completed (run run_5a30b33a-a165-474a-ad11-4b2b4110b2ec: agent_started → agent_thinking → agent_thinking → tool_executing → agent_completed)",
  'agent-pipeline/named-agent-run':
    'run of agent triage: tool_executing for classify_request never got its tool_completed (run run_d062d6e9-3866-45e3-8025-b2dcc74cba10: agent_started → agent_thinking → agent_thinking → tool_executing → agent_completed)',
  'threads/history-survives-reconnect':
    'first run: tool_executing for classify_request never got its tool_completed (run run_503cad5c-41b6-4b33-b92c-292e3c9f3a90: agent_started → agent_thinking → agent_thinking → tool_executing → agent_completed)',
  'websocket-events/agent-event-flow':
    'start_agent run: tool_executing for classify_request never got its tool_completed (run run_6945f6b6-94b4-409a-b2a6-a138a100731a: agent_started → agent_thinking → agent_thinking → tool_executing → agent_completed)',
  'message-flow/user-message-run':
    'user_message run: tool_executing for classify_request never got its tool_completed (run run_ac49ad7c-5bde-4aea-92e3-b7dea5d547ea: agent_started → agent_thinking → agent_thinking → tool_executing → agent_completed)',
  'isolation/concurrent-runs-isolated':
    "user 1's run: tool_executing for classify_request never got its tool_completed (run run_5bb2da5e-f244-4791-95f9-525cb35b5eab: agent_started → agent_thinking → agent_thinking → tool_executing → agent_completed)",
  'performance/agent-startup-time':
    'timed run: tool_executing for classify_request never got its tool_completed (run run_81f1f748-1ead-455b-9379-9b607da43361: agent_started → agent_thinking → agent_thinking → tool_executing → agent_completed)',
  'performance/message-processing-time':
    'timed run: tool_executing for classify_request never got its tool_completed (run run_8dd25e93-d9cf-4c4c-9ced-9671cd0b753d: agent_started → agent_thinking → agent_thinking → tool_executing → agent_completed)',
  'threads/messages-persisted-in-order':
    'run on a thread: tool_executing for classify_request never got its tool_completed (run run_99dea649-ceef-41bf-9489-e894d709cac9: agent_started → agent_thinking → agent_thinking → tool_executing → agent_completed)',
};

describe('patterns as a person groups them', () => {
  it('nine tests missing the same event are one pattern of nine, named by the problem', () => {
    const tests = Object.entries(DROPPED_TOOL_COMPLETED).map(([id, message]) =>
      result(id, 'failed', { category: 'missing_event', message, stage: 'completion' }),
    );
    const patterns = groupPatterns(tests);
    expect(patterns).toHaveLength(1);
    expect(patterns[0]).toMatchObject({
      category: 'missing_event',
      signature: 'tool_executing for classify_request never got its tool_completed',
      count: 9,
    });
    expect(patterns[0].modules).toHaveLength(7);
  });

  it('keeps apart what differs in the fault: another tool, another event', () => {
    const failed = (id: string, message: string) =>
      result(id, 'failed', { category: 'missing_event', message });
    const patterns = groupPatterns([
      failed('a/1', 'first run: tool_executing for classify_request never got its tool_completed'),
      failed('a/2', 'first run: tool_executing for search_docs never got its tool_completed'),
      failed(
        'a/3',
        'timed run: agent_thinking never came (run run_1a2b3c: agent_started → agent_completed)',
      ),
      failed(
        'a/4',
        "user 2's run: agent_thinking never came (run run_9z8y7x: agent_started → agent_completed)",
      ),
    ]);
    expect(patterns.map((p) => [p.signature, p.count])).toEqual([
      ['agent_thinking never came', 2],
      ['tool_executing for classify_request never got its tool_completed', 1],
      ['tool_executing for search_docs never got its tool_completed', 1],
    ]);
  });
});

describe('patterns of HTTP failures, as the suite words them', () => {
  const http = (id: string, category: Failure['category'], message: string, httpStatus: number) =>
    result(id, 'failed', { category, message, httpStatus });
  const invalid = '{"error":{"code":"TOKEN_INVALID","message":"Token signature is invalid"}}';
  const limited = '{"error":{"code":"RATE_LIMITED","message":"Too many requests"}}';

  it('a refused token is one pattern whatever the endpoint, the expectation and the test words', () => {
    const patterns = groupPatterns([
      http(
        'threads/create',
        'auth_rejected',
        `POST /api/threads → 401 (expected 200 or 201): ${invalid}`,
        401,
      ),
      http('agents/list', 'auth_rejected', `GET /api/agents → 401 (expected 200): ${invalid}`, 401),
      http(
        'agents/unknown',
        'auth_rejected',
        `POST /api/agents/execute with agent x → 401: ${invalid} (expected 404 or 422 with a JSON error)`,
        401,
      ),
    ]);
    expect(patterns.map((p) => [p.signature, p.count])).toEqual([[`HTTP 401: ${invalid}`, 3]]);
  });

  it('a rate limit is one pattern across endpoints; which bad token was accepted stays apart', () => {
    const limits = groupPatterns([
      http(
        'a/1',
        'http_error',
        `GET /api/agents with an expired token → 429: ${limited} (expected 401 or 403)`,
        429,
      ),
      http('a/2', 'http_error', `POST /api/threads → 429 (expected 200 or 201): ${limited}`, 429),
      http(
        'a/3',
        'http_error',
        `GET /api/discovery/services → 429 (expected 200): ${limited} (and 3 more: /api/mcp/config: GET /api/mcp/config → 429)`,
        429,
      ),
    ]);
    expect(limits.map((p) => [p.signature, p.count])).toEqual([[`HTTP 429: ${limited}`, 3]]);
    const accepted = groupPatterns([
      http(
        'auth/expired',
        'auth_not_enforced',
        'GET /api/agents with an expired token → 200: {"agents":[]}; the service accepted it (expected 401 or 403)',
        200,
      ),
      http(
        'auth/wrong',
        'auth_not_enforced',
        'GET /api/agents with a wrongly signed token → 200: {"agents":[]}; the service accepted it (expected 401 or 403)',
        200,
      ),
    ]);
    expect(accepted.map((p) => p.signature)).toEqual([
      'HTTP 200 with a wrongly signed token',
      'HTTP 200 with an expired token',
    ]);
  });
});
