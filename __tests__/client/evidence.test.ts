import { describe, expect, it } from 'vitest';
import {
  DEFER_MAX_CHARS,
  recordEvidence,
  type EvidenceSink,
} from '../../src/transport/evidence.js';

const SECRET = 'SG-SECRET-not-a-real-one-0123456789';

function sinks(): {
  plain: EvidenceSink & { lines: string[] };
  deferring: EvidenceSink & { renders: Array<() => string>; lines: string[] };
} {
  const plain = { lines: [] as string[], add: (_d: string, t: string) => void plain.lines.push(t) };
  const deferring = {
    lines: [] as string[],
    renders: [] as Array<() => string>,
    add: (_d: string, t: string) => void deferring.lines.push(t),
    addDeferred: (_d: string, render: () => string) => void deferring.renders.push(render),
  };
  return { plain, deferring };
}

describe('recordEvidence', () => {
  it('gives a plain sink the redacted line at once', () => {
    const { plain } = sinks();
    recordEvidence(plain, 'in', `{"echo":"${SECRET}"}`, [SECRET]);
    expect(plain.lines).toEqual(['{"echo":"***"}']);
  });

  it('gives a deferring sink a render that makes the same redacted line', () => {
    const { deferring } = sinks();
    recordEvidence(deferring, 'in', `{"echo":"${SECRET}"}`, [SECRET]);
    expect(deferring.lines).toEqual([]);
    expect(deferring.renders.map((r) => r())).toEqual(['{"echo":"***"}']);
  });

  it('redacts a long text at once even for a deferring sink, so no closure holds it', () => {
    const { deferring } = sinks();
    recordEvidence(deferring, 'in', `${SECRET} ${'z'.repeat(DEFER_MAX_CHARS)}`, [SECRET]);
    expect(deferring.renders).toEqual([]);
    expect(deferring.lines).toHaveLength(1);
    expect(deferring.lines[0].startsWith('*** zzz')).toBe(true);
    expect(deferring.lines[0].length).toBe(300);
  });
});
