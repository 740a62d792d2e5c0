/**
 * The checks a test body states, each throwing a GateError with the category it knows and
 * the facts a person on call needs: the path and status with the body's start, the field
 * that had the wrong shape, the run's events.
 */
import type { HttpResponse } from '../client/http.js';
import type { AgentRun } from '../client/agent-run.js';
import { evidenceText } from '../transport/evidence.js';
import { errorCodeOf, errorMessageOf, toolNameOf } from '../client/frames.js';
import type { ProtocolConfig } from '../config/protocol.js';
import { GateError, type FailureCategory, type FailureFacts } from '../model.js';
import { runOrderProblem } from './run-rules.js';
import type { Shape } from './shapes.js';

export interface Checks {
  /** the response has one of the expected statuses, else a category from the status */
  expectStatus(res: HttpResponse, expected: number | readonly number[], what?: string): void;
  /** the value has the documented shape, else `protocol_violation` */
  expectShape(value: unknown, shape: Shape, what: string): void;
  /** the response body is JSON with the documented shape, else `protocol_violation` */
  expectBody(res: HttpResponse, shape: Shape, what: string): void;
  /** the run completed and kept the order rules, else `missing_event` */
  expectRun(run: AgentRun, what: string, opts?: { requireTools?: boolean }): void;
  fail(category: FailureCategory, message: string, facts?: FailureFacts): never;
}

/** What an unexpected status means, when the check expected success. */
export function statusCategory(status: number): FailureCategory {
  if (status === 401 || status === 403) return 'auth_rejected';
  if (status === 404) return 'not_found';
  if (status === 502 || status === 503 || status === 504) return 'service_unavailable';
  return 'http_error';
}

export function bodyExcerpt(res: HttpResponse, secrets: readonly string[] = []): string {
  const text = res.text.trim();
  if (text === '') return '(empty body)';
  const type = res.headers['content-type'];
  return `${evidenceText(text, secrets, 160)}${type && !/json/i.test(type) ? ` [${type}]` : ''}`;
}

export function createChecks(protocol: ProtocolConfig, secrets: readonly string[] = []): Checks {
  const fail = (category: FailureCategory, message: string, facts: FailureFacts = {}): never => {
    throw new GateError(message, facts, category);
  };
  return {
    fail,
    expectStatus(res, expected, what) {
      const wanted = typeof expected === 'number' ? [expected] : expected;
      if (wanted.includes(res.status)) return;
      const label = what ? `${what}: ` : '';
      fail(
        statusCategory(res.status),
        `${label}${res.method} ${res.path} → ${res.status} (expected ${wanted.join(' or ')}): ${bodyExcerpt(res, secrets)}`,
        { kind: 'status', stage: 'response', httpStatus: res.status, elapsedMs: res.durationMs },
      );
    },
    expectShape(value, shape, what) {
      const problem = shape(value, what);
      if (problem) fail('protocol_violation', `${problem}`, { kind: 'protocol' });
    },
    expectBody(res, shape, what) {
      if (res.body === undefined) {
        const type = res.headers['content-type'] ?? 'none';
        fail(
          'protocol_violation',
          `${what}: ${res.method} ${res.path} → ${res.status} sent no JSON (content-type ${type}): ${bodyExcerpt(res, secrets)}`,
          { kind: 'protocol', stage: 'response', httpStatus: res.status },
        );
      }
      const problem = shape(res.body, what);
      if (problem) fail('protocol_violation', problem, { kind: 'protocol', stage: 'response' });
    },
    expectRun(run, what, opts = {}) {
      const e = protocol.events;
      const story = run.events.map((ev) => ev.type).join(' → ') || 'no events';
      if (run.outcome === 'error_frame') {
        fail(
          'missing_event',
          `${what}: refused with an error frame ${errorCodeOf(run.errorFrame) ?? ''} "${errorMessageOf(run.errorFrame) ?? ''}" instead of running (${story})`,
          { elapsedMs: run.durationMs },
        );
      }
      if (run.outcome === 'agent_error') {
        const last = run.events[run.events.length - 1];
        const data = last?.frame.data as Record<string, unknown> | undefined;
        fail(
          'missing_event',
          `${what}: run ${run.runId} ended with ${e.error} "${errorMessageOf(data) ?? ''}" instead of ${e.completed} (${story})`,
          { elapsedMs: run.durationMs },
        );
      }
      const events = run.events.map((ev) => {
        const toolName = toolNameOf(ev.frame);
        return toolName === undefined ? { type: ev.type } : { type: ev.type, toolName };
      });
      const problem = runOrderProblem(events, e, opts);
      if (problem) {
        fail('missing_event', `${what}: ${problem} (run ${run.runId}: ${story})`, {
          elapsedMs: run.durationMs,
          stage: 'completion',
        });
      }
    },
  };
}
