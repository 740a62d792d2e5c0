/**
 * Progress while a run goes on: the readiness wait with its elapsed time, then each test
 * as it finishes. Plain lines (no cursor tricks) when not a TTY or under CI, so logs stay
 * readable; on a terminal the readiness line rewrites itself.
 */
import type { GateProgress } from '../pipeline/run-gate.js';

export interface ProgressWriter {
  write(text: string): void;
  isTTY: boolean;
}

export function createProgressPrinter(
  out: ProgressWriter,
  plain: boolean,
): (e: GateProgress) => void {
  const live = out.isTTY && !plain;
  let pendingLine = false;
  const line = (text: string): void => {
    if (pendingLine) out.write('\n');
    pendingLine = false;
    out.write(`${text}\n`);
  };
  return (e) => {
    switch (e.type) {
      case 'selected':
        line(`staging-gate: ${e.total} tests in ${e.modules} modules selected`);
        break;
      case 'readiness': {
        const p = e.progress;
        const what =
          p.status !== undefined
            ? `HTTP ${p.status}${p.starting ? ` starting${p.phase ? ` (${p.phase}${p.progress !== undefined ? ` ${p.progress}%` : ''})` : ''}` : ''}${p.version ? ` version ${p.version}` : ''}`
            : (p.error ?? 'no answer');
        const text = `waiting for ready: poll ${p.poll}, ${(p.elapsedMs / 1000).toFixed(1)} s — ${what}`;
        if (live) {
          out.write(`\r\x1b[2K${text}`);
          pendingLine = true;
        } else line(text);
        break;
      }
      case 'ready':
        line(
          e.readiness.ready
            ? `ready after ${(e.readiness.waitedMs / 1000).toFixed(1)} s${e.readiness.version ? ` (version ${e.readiness.version})` : ''}`
            : `NOT READY: ${e.readiness.message}`,
        );
        break;
      case 'run': {
        const ev = e.event;
        if (ev.type === 'retry')
          line(`  ↻ ${ev.test.id} failed attempt ${ev.attempt} (${ev.failure.category}), retrying`);
        if (ev.type === 'test-end') {
          const r = ev.result;
          const mark =
            r.status === 'passed'
              ? '✓'
              : r.status === 'flaky'
                ? '~'
                : r.status === 'skipped'
                  ? '-'
                  : '✗';
          const tail =
            r.status === 'failed' || r.status === 'flaky'
              ? ` [${r.failure?.category}] ${r.failure?.message ?? ''}`
              : r.status === 'skipped'
                ? ` (${r.skipReason ?? 'skipped'})`
                : '';
          line(`  ${mark} ${r.id} (${r.durationMs} ms)${tail}`);
        }
        break;
      }
    }
  };
}
