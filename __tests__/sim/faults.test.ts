import { describe, expect, it } from 'vitest';
import { FAULTS, parseFaults, SimUsageError } from '../../src/sim/index.js';

describe('parseFaults', () => {
  it('parses names and arguments, comma-separated or repeated', () => {
    const f = parseFaults([
      'ws-1011-on-agent,drop-event:tool_completed',
      'drop-event:agent_thinking',
      'slow-pong:250',
    ]);
    expect([...f.names].sort()).toEqual(['drop-event', 'slow-pong', 'ws-1011-on-agent']);
    expect([...f.droppedEvents]).toEqual(['tool_completed', 'agent_thinking']);
    expect(f.slowPongMs).toBe(250);
    expect(f.rateLimitPerSecond).toBe(5);
    expect(parseFaults(['rate-limit:9']).rateLimitPerSecond).toBe(9);
  });

  it('rejects unknown names listing the valid ones, and bad arguments', () => {
    expect(() => parseFaults(['nope'])).toThrow(SimUsageError);
    expect(() => parseFaults(['nope'])).toThrow(
      /unknown fault 'nope'.*ws-1011-on-agent.*drop-event:<type>/,
    );
    expect(() => parseFaults(['drop-event'])).toThrow(/needs an argument/);
    expect(() => parseFaults(['slow-api:fast'])).toThrow(/integer/);
    expect(() => parseFaults(['hang:5'])).toThrow(/takes no argument/);
    expect(() => parseFaults(['http-500:api/agents'])).toThrow(/must start with '\/'/);
  });

  it('matches path patterns segment by segment', () => {
    const [pattern] = parseFaults(['http-404:/api/threads/{id}/messages']).http404;
    expect(pattern.test('/api/threads/t1/messages')).toBe(true);
    expect(pattern.test('/api/threads/t1')).toBe(false);
    expect(pattern.test('/api/threads/t1/messages/x')).toBe(false);
  });

  it('documents every fault with a description and a symptom', () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(24);
    for (const fault of FAULTS) {
      expect(fault.description.length, fault.name).toBeGreaterThan(10);
      expect(fault.symptom.length, fault.name).toBeGreaterThan(10);
      // each documented fault is accepted by the parser
      const spec =
        fault.arg && !fault.argOptional
          ? `${fault.name}:${fault.arg === 'ms' ? '5' : fault.arg === 'path' ? '/x' : 'x'}`
          : fault.name;
      expect(() => parseFaults([spec]), spec).not.toThrow();
    }
  });
});
