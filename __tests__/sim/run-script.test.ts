import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGENTS } from '../../src/sim/agents.js';
import { parseFaults } from '../../src/sim/faults.js';
import { planRun, scriptRun, type PlanStep } from '../../src/sim/run-script.js';

const types = (plan: PlanStep[]) => plan.map((s) => (s.kind === 'event' ? s.event.type : s.kind));

/** PROTOCOL.md §3.3 as a regular expression over the event types. */
const HEALTHY =
  /^agent_started( agent_thinking)+( tool_executing tool_completed)* agent_completed$/;

describe('run plans', () => {
  it('every agent, any request: the healthy plan follows the protocol order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...AGENTS),
        fc.string(),
        fc.double({ min: 0, max: 0.999 }),
        (agent, request, r) => {
          const plan = planRun(
            scriptRun(agent, request, () => r),
            parseFaults([]),
            { heartbeatEverywhere: false },
          );
          expect(types(plan).join(' ')).toMatch(HEALTHY);
          expect(
            plan.filter((s) => s.kind === 'event' && s.event.type === 'tool_executing').length,
          ).toBeGreaterThan(0);
          expect(plan[0].gap).toBe(false);
          expect(plan.slice(1).every((s) => s.gap)).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('reorder-events and drop-event break the order, crashes cut after agent_started', () => {
    const events = scriptRun(AGENTS[0], 'x');
    const plan = (faults: string[]) =>
      types(planRun(events, parseFaults(faults), { heartbeatEverywhere: false }));
    expect(plan(['reorder-events']).join(' ')).not.toMatch(HEALTHY);
    expect(plan(['drop-event:agent_completed'])).not.toContain('agent_completed');
    expect(plan(['ws-1011-on-agent'])).toEqual(['agent_started', 'crash']);
    expect(plan(['close-1006'])).toEqual(['agent_started', 'crash']);
    expect(plan(['reset-mid-run', 'reorder-events'])).toEqual([
      'agent_thinking',
      'agent_started',
      'crash',
    ]);
    expect(plan(['oversized-frame']).slice(0, 3)).toEqual([
      'agent_started',
      'oversized',
      'agent_thinking',
    ]);
  });

  it('heartbeats and garbage go between events, never before the first', () => {
    const plan = types(
      planRun(scriptRun(AGENTS[0], 'x'), parseFaults(['garbage-frames']), {
        heartbeatEverywhere: true,
      }),
    );
    expect(plan[0]).toBe('agent_started');
    expect(plan.at(-1)).toBe('agent_completed');
    const events = plan.filter((t) => t !== 'heartbeat' && t !== 'garbage');
    expect(plan.filter((t) => t === 'heartbeat')).toHaveLength(events.length - 1);
    expect(plan.filter((t) => t === 'garbage')).toHaveLength(events.length - 1);
  });
});
