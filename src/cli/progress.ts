/**
 * Progress while a run goes on: the readiness wait with its elapsed time, then each test
 * as it finishes. Plain lines (no cursor tricks) when not a TTY or under CI, so logs stay
 * readable; on a terminal the readiness line rewrites itself.
 */
import { progressText } from '../pipeline/progress-text.js';
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
    const text = progressText(e);
    if (text === undefined) return;
    if (e.type === 'readiness' && live) {
      out.write(`\r\x1b[2K${text}`);
      pendingLine = true;
    } else line(e.type === 'run' ? `  ${text}` : text);
  };
}
