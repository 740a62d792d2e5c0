/**
 * One line of text per progress event, the same in the action's log and on a terminal:
 * the readiness wait with its elapsed time, then each test as it finishes.
 */
import type { TestResult } from '../model.js';
import type { GateProgress } from './run-gate.js';

const MARKS: Record<TestResult['status'], string> = {
  passed: '✓',
  flaky: '~',
  skipped: '-',
  failed: '✗',
};

export function testEndText(r: TestResult): string {
  const tail =
    r.status === 'failed' || r.status === 'flaky'
      ? ` [${r.failure?.category}] ${r.failure?.message ?? ''}`
      : r.status === 'skipped'
        ? ` (${r.skipReason ?? 'skipped'})`
        : '';
  return `${MARKS[r.status]} ${r.id} (${r.durationMs} ms)${tail}`;
}

/** The text of an event, or undefined for events that print nothing. */
export function progressText(e: GateProgress): string | undefined {
  switch (e.type) {
    case 'selected':
      return `${e.total} tests in ${e.modules} modules selected`;
    case 'readiness': {
      const p = e.progress;
      return `waiting for ${p.waitingFor} (poll ${p.poll}, ${(p.elapsedMs / 1000).toFixed(1)} s)`;
    }
    case 'ready':
      return e.readiness.ready
        ? `ready after ${(e.readiness.waitedMs / 1000).toFixed(1)} s${e.readiness.version ? ` (version ${e.readiness.version})` : ''}`
        : `NOT READY: ${e.readiness.message}`;
    case 'run': {
      const ev = e.event;
      if (ev.type === 'retry') {
        return `↻ ${ev.test.id} failed attempt ${ev.attempt} (${ev.failure.category}), retrying`;
      }
      return ev.type === 'test-end' ? testEndText(ev.result) : undefined;
    }
  }
}
