import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL } from '../../src/config/protocol.js';
import { runOrderProblem, type RunEventLike } from '../../src/suite/run-rules.js';

const names = DEFAULT_PROTOCOL.events;

/** A healthy run: started, thinking…, tool pairs (possibly nested/interleaved), thinking…, completed. */
const healthyRun = fc
  .record({
    thinking: fc.integer({ min: 1, max: 3 }),
    tools: fc.array(fc.constantFrom('search', 'query', 'summarize'), { maxLength: 4 }),
    interleave: fc.boolean(),
  })
  .map(({ thinking, tools, interleave }): RunEventLike[] => {
    const events: RunEventLike[] = [{ type: names.started }];
    for (let i = 0; i < thinking; i++) events.push({ type: names.thinking });
    if (interleave) {
      tools.forEach((t) => events.push({ type: names.toolExecuting, toolName: t }));
      tools.forEach((t) => events.push({ type: names.toolCompleted, toolName: t }));
    } else {
      tools.forEach((t) =>
        events.push(
          { type: names.toolExecuting, toolName: t },
          { type: names.toolCompleted, toolName: t },
        ),
      );
    }
    events.push({ type: names.completed });
    return events;
  });

describe('runOrderProblem', () => {
  it('accepts every healthy run', () => {
    fc.assert(fc.property(healthyRun, (events) => runOrderProblem(events, names) === undefined));
  });

  it('refuses a healthy run with any one critical event removed', () => {
    fc.assert(
      fc.property(healthyRun, fc.nat(), (events, pick) => {
        const critical = events
          .map((e, i) => [e, i] as const)
          .filter(
            ([e]) =>
              e.type !== names.thinking ||
              events.filter((x) => x.type === names.thinking).length === 1,
          );
        const [, index] = critical[pick % critical.length];
        const broken = events.filter((_, i) => i !== index);
        return runOrderProblem(broken, names) !== undefined;
      }),
    );
  });

  it('refuses a healthy run with two events of different kinds swapped across an order rule', () => {
    fc.assert(
      fc.property(healthyRun, fc.nat(), fc.nat(), (events, a, b) => {
        const i = a % events.length;
        const j = b % events.length;
        const swapped = [...events];
        [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
        const touchesEnds =
          [i, j].some((k) => k === 0 || k === events.length - 1) &&
          events[i].type !== events[j].type;
        const completionBeforeExecution =
          swapped.findIndex((e) => e.type === names.toolCompleted) >= 0 &&
          swapped.some(
            (e, k) =>
              e.type === names.toolCompleted &&
              !swapped
                .slice(0, k)
                .some((x) => x.type === names.toolExecuting && x.toolName === e.toolName),
          );
        fc.pre(touchesEnds || completionBeforeExecution);
        return runOrderProblem(swapped, names) !== undefined;
      }),
    );
  });

  it('says what is wrong, in the protocol names', () => {
    const t = names;
    expect(runOrderProblem([], t)).toBe('the run has no events');
    expect(
      runOrderProblem([{ type: t.thinking }, { type: t.started }, { type: t.completed }], t),
    ).toBe('agent_started is not the first event (first came agent_thinking)');
    expect(
      runOrderProblem(
        [
          { type: t.started },
          { type: t.thinking },
          { type: t.toolExecuting, toolName: 'q' },
          { type: t.completed },
        ],
        t,
      ),
    ).toBe('tool_executing for q never got its tool_completed');
    expect(
      runOrderProblem([{ type: t.started }, { type: t.thinking }, { type: t.completed }], t, {
        requireTools: true,
      }),
    ).toBe('no tool_executing/tool_completed pair came');
    expect(
      runOrderProblem(
        [{ type: t.started }, { type: t.thinking }, { type: t.completed }, { type: t.thinking }],
        t,
      ),
    ).toBe('agent_completed is not the last event (agent_thinking came after it)');
  });
});
