/**
 * `errors`: a RunAgentInput the agent cannot read is refused as the client's mistake — a 4xx
 * with a body saying why, or a stream whose first event is RUN_ERROR — never a 5xx, a hang,
 * or a run carried out as if nothing were wrong.
 */
import type { AgentRun } from '../../agent/model.js';
import { GateError } from '../../model.js';
import type { TestSpec } from '../define.js';
import type { AgUiContext } from './context.js';

/** Ids of the wrong type, messages not a list: what a client bug sends. */
export const MALFORMED_INPUT = { threadId: 42, runId: null, messages: 'not a list', tools: {} };

function judge(run: AgentRun, body: string | undefined): void {
  const what = 'a malformed RunAgentInput';
  const end = run.end;
  const status = run.status;
  if (status !== undefined && (status < 200 || status >= 300)) {
    if (status === 401 || status === 403) {
      throw new GateError(
        `${what} with a valid token got ${status}: the token was refused`,
        { httpStatus: status },
        'auth_rejected',
      );
    }
    if (status >= 400 && status < 500) {
      if ((body ?? '').trim() === '') {
        throw new GateError(
          `${what} got ${status} with an empty body: nothing says what was wrong`,
          { httpStatus: status },
          'protocol_violation',
        );
      }
      return;
    }
    const message = end.kind === 'failed' ? end.message : `answered ${status}`;
    throw new GateError(`${what} was not refused as a client error: ${message}`, {
      kind: 'status',
      httpStatus: status,
    });
  }
  const first = run.events[0];
  if (first?.kind === 'run_error') return;
  if (first) {
    throw new GateError(
      `${what} was run as if it were valid: the first event was ${first.wireType}, not RUN_ERROR (and no 4xx)`,
      { elapsedMs: first.atMs },
      'protocol_violation',
    );
  }
  if (end.kind === 'failed') throw new GateError(`${what}: ${end.message}`, end.facts);
  if (end.kind === 'timeout') {
    throw new GateError(`${what} got no answer: no event within the timeout (stage ${end.stage})`, {
      kind: 'timeout',
      stage: end.stage,
      elapsedMs: end.atMs,
    });
  }
  throw new GateError(
    `${what} got an empty stream: neither a 4xx nor RUN_ERROR`,
    {},
    'protocol_violation',
  );
}

export function errorTests(): Record<string, TestSpec<AgUiContext>> {
  return {
    'malformed-input-refused': {
      title:
        'A malformed RunAgentInput gets a 4xx with a body, or RUN_ERROR first — never a 5xx, a hang or a run',
      requires: ['auth'],
      async run(ctx) {
        const user = await ctx.users.get(1);
        const { run, body } = await ctx.adapter.send(MALFORMED_INPUT, {
          token: user.token,
          signal: ctx.signal,
          evidence: ctx.evidence,
          timeoutMs: ctx.protocol.timing.eventWithinMs,
          label: 'malformed input',
        });
        judge(run, body);
      },
    },
  };
}
