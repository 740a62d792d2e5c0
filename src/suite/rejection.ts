/**
 * What "rejected" means for a bad or missing token (PROTOCOL.md §1): HTTP 401 or 403; for
 * the WebSocket, 401/403 at the upgrade or close 1008 before any agent event. Any
 * acceptance is `auth_not_enforced`, whatever else the service did.
 */
import type { HttpResponse } from '../client/http.js';
import type { UpgradeOutcome } from '../client/upgrade-probe.js';
import { GateError } from '../model.js';
import { bodyExcerpt, statusCategory } from './checks.js';

const REJECTING = [401, 403];

export function expectHttpRejected(res: HttpResponse, what: string): void {
  if (REJECTING.includes(res.status)) return;
  const facts = {
    kind: 'status' as const,
    stage: 'response',
    httpStatus: res.status,
    elapsedMs: res.durationMs,
  };
  const said = `${res.method} ${res.path} with ${what} → ${res.status}: ${bodyExcerpt(res)}`;
  if (res.status >= 200 && res.status < 300) {
    throw new GateError(
      `${said}; the service accepted it (expected 401 or 403)`,
      facts,
      'auth_not_enforced',
    );
  }
  throw new GateError(`${said} (expected 401 or 403)`, facts, statusCategory(res.status));
}

export function expectWsRejected(outcome: UpgradeOutcome, what: string): void {
  switch (outcome.kind) {
    case 'rejected':
      if (REJECTING.includes(outcome.httpStatus)) return;
      throw new GateError(
        `WebSocket upgrade with ${what} → HTTP ${outcome.httpStatus} (expected 401, 403 or close 1008)`,
        { kind: 'status', stage: 'upgrade', httpStatus: outcome.httpStatus },
        statusCategory(outcome.httpStatus),
      );
    case 'closed':
      if (outcome.code === 1008) return;
      // the facts decide: 1011 is an internal error, anything else an abnormal close
      throw new GateError(
        `WebSocket with ${what} closed ${outcome.code} "${outcome.reason}" (expected 401, 403 or close 1008)`,
        { kind: 'closed', stage: 'welcome', closeCode: outcome.code, closeReason: outcome.reason },
      );
    case 'accepted': {
      const first = outcome.firstFrame?.type;
      const how = {
        welcome: `sent its welcome${typeof first === 'string' ? ` (${first})` : ''} and stayed open`,
        agent_event: `sent an agent event (${String(first)})`,
        pong: 'answered a ping',
        open: 'kept the socket open',
      }[outcome.how];
      throw new GateError(
        `WebSocket with ${what} was accepted: the service ${how} instead of refusing it`,
        { stage: 'welcome' },
        'auth_not_enforced',
      );
    }
  }
}
