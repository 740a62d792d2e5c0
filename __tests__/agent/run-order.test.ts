import { describe, expect, it } from 'vitest';
import type { AgentEvent, AgentRun } from '../../src/agent/model.js';
import {
  checkBalance,
  checkNothingAfterEnd,
  checkOwnIds,
  checkRun,
  checkStartAndEnd,
} from '../../src/agent/run-order.js';
import { judgeBuffering } from '../../src/agent/streaming.js';
import { carriedBy } from '../../src/suite/core/capabilities.js';
import { defineModule } from '../../src/suite/define.js';

let t = 0;
function ev(kind: AgentEvent['kind'], extra: Partial<AgentEvent> = {}): AgentEvent {
  t += 20;
  return { kind, atMs: t, wireType: kind.toUpperCase(), ids: {}, wire: {}, ...extra };
}
function run(
  events: AgentEvent[],
  end: AgentRun['end'] = { kind: 'closed', atMs: t + 1 },
): AgentRun {
  return { protocol: 'ag-ui', requested: { runId: 'r1', threadId: 't1' }, events, end };
}
const msg = (phase: 'start' | 'end') =>
  ev('text', { phase, span: 'message', ids: { messageId: 'm1' } });

describe('shared run-order rules', () => {
  it('a healthy run passes every rule', () => {
    t = 0;
    const healthy = run([
      ev('run_started', { ids: { runId: 'r1', threadId: 't1' } }),
      msg('start'),
      ev('text', { text: 'Hel', ids: { messageId: 'm1' } }),
      ev('text', { text: 'lo', ids: { messageId: 'm1' } }),
      msg('end'),
      ev('tool_start', { phase: 'start', span: 'tool', ids: { toolCallId: 'c1' } }),
      ev('tool_end', { phase: 'end', span: 'tool', ids: { toolCallId: 'c1' } }),
      ev('tool_result', { ids: { toolCallId: 'c1' } }),
      ev('run_finished', { ids: { runId: 'r1', threadId: 't1' } }),
    ]);
    expect(checkRun(healthy)).toBeUndefined();
  });

  it('names each broken rule with its category', () => {
    t = 0;
    expect(checkStartAndEnd(run([]))?.category).toBe('missing_event');
    expect(checkStartAndEnd(run([ev('text')]))?.message).toMatch(/first event was TEXT/);
    const truncated = checkStartAndEnd(run([ev('run_started'), ev('text', { text: 'x' })]));
    expect(truncated).toMatchObject({ category: 'missing_event' });
    expect(truncated?.message).toMatch(/never finished \(truncated\)/);
    expect(
      checkStartAndEnd(run([ev('run_started'), ev('run_error', { text: 'quota' })])),
    ).toMatchObject({
      category: 'agent_error',
      message: expect.stringMatching(/quota/),
    });
    expect(
      checkBalance(run([ev('run_started'), msg('start'), ev('run_finished')]))?.message,
    ).toMatch(/never ended/);
    expect(checkBalance(run([ev('run_started'), msg('end'), ev('run_finished')]))?.message).toMatch(
      /was not open/,
    );
    expect(
      checkBalance(run([ev('run_started'), ev('tool_result', { ids: { toolCallId: 'x' } })]))
        ?.message,
    ).toMatch(/never started/);
    expect(
      checkNothingAfterEnd(run([ev('run_started'), ev('run_finished'), ev('text')]))?.category,
    ).toBe('protocol_violation');
    expect(
      checkNothingAfterEnd(
        run([ev('run_started'), ev('run_finished')], { kind: 'left-open', atMs: 1 }),
      )?.message,
    ).toMatch(/did not end/);
    expect(
      checkOwnIds(run([ev('run_started', { ids: { runId: 'r2' } })]), { runId: 'r1' })?.category,
    ).toBe('isolation_breach');
    expect(
      checkOwnIds(
        run([ev('run_started', { ids: { taskId: 'a' } }), ev('text', { ids: { taskId: 'b' } })]),
        {},
      )?.category,
    ).toBe('isolation_breach');
  });
});

describe('the buffering rule', () => {
  const at = (times: number[]): AgentRun =>
    run(times.map((atMs) => ({ kind: 'text', atMs, wireType: 'T', ids: {}, wire: {}, text: 'x' })));
  it('calls a burst at the end of a long run buffered, and a spread run streamed', () => {
    expect(judgeBuffering(at([400, 401, 402, 405])).buffered).toBe(true);
    expect(judgeBuffering(at([20, 120, 220, 400])).buffered).toBe(false);
  });
  it('never calls a short run or one of two events buffered', () => {
    expect(judgeBuffering(at([100, 101, 102])).buffered).toBe(false);
    expect(judgeBuffering(at([400, 401])).buffered).toBe(false);
  });
});

describe('capabilities', () => {
  it('leaves out the tests a protocol cannot carry, saying why', () => {
    const m = defineModule('streaming', 'Streaming', {
      a: { title: 'a', needs: ['runs'], run: async () => undefined },
      b: { title: 'b', needs: ['runs', 'streaming'], run: async () => undefined },
    });
    const { modules, leftOut } = carriedBy([m], new Set(['runs']), 'X');
    expect(modules[0].tests.map((x) => x.id)).toEqual(['streaming/a']);
    expect(leftOut).toEqual([{ id: 'streaming/b', reason: expect.stringMatching(/^X: .*stream/) }]);
  });
});
