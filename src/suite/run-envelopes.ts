/**
 * Each event of a run carries the documented envelope (PROTOCOL.md §3.3): its run id, the
 * user it belongs to, a timestamp and a data object. A run whose events say they belong to
 * someone else is an isolation failure, not a formatting one.
 */
import type { AgentRun } from '../client/agent-run.js';
import { isObject } from '../client/frames.js';
import { GateError } from '../model.js';

export function expectRunEnvelopes(run: AgentRun, userId: string | undefined): void {
  for (const e of run.events) {
    const f = e.frame;
    if (userId !== undefined && typeof f.user_id === 'string' && f.user_id !== userId) {
      throw new GateError(
        `${e.type} of run ${run.runId} names user ${f.user_id}, but the run was started by ${userId}`,
        {},
        'isolation_breach',
      );
    }
    const problem = !isObject(f.data)
      ? 'has no data object'
      : typeof f.timestamp !== 'string' && typeof f.timestamp !== 'number'
        ? 'has no timestamp'
        : undefined;
    if (problem) {
      throw new GateError(
        `${e.type} of run ${run.runId} ${problem}: ${JSON.stringify(f).slice(0, 200)}`,
        { kind: 'protocol' },
        'protocol_violation',
      );
    }
  }
}
