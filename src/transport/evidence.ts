/**
 * What the client writes down as it talks: a sink for evidence lines (the suite's
 * `EvidenceLog` fits it) and the one place where a line is redacted and bounded, so that no
 * frame or URL carrying a token reaches a report.
 */
import { redact } from '../config/redact.js';
import type { EvidenceEntry } from '../model.js';

export interface EvidenceSink {
  add(dir: EvidenceEntry['dir'], text: string): void;
  /**
   * Optional: takes a line whose text is made only if the sink ever hands it out. A sink
   * that keeps a few lines of many (the runner keeps 60 of a load test's thousands) saves
   * redacting the rest. `render` returns the line already redacted.
   */
  addDeferred?(dir: EvidenceEntry['dir'], render: () => string): void;
}

/** Long enough to read a frame's type, ids and error; short enough for a PR comment. */
export const EVIDENCE_MAX_CHARS = 300;

/**
 * Longer texts are redacted at once even by a deferring sink: a kept closure must not hold
 * a large frame alive until the attempt ends.
 */
export const DEFER_MAX_CHARS = 2_048;

/** `text` with secrets and token-shaped values masked, cut to `max` characters. */
export function evidenceText(
  text: string,
  secrets: readonly string[] = [],
  max = EVIDENCE_MAX_CHARS,
): string {
  // Redact before cutting: a token cut in half would no longer look like a token.
  const clean = redact(text, secrets).replace(/\s+/g, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * Writes `text` to `sink` as `evidenceText` makes it, now or, when the sink can defer,
 * when the line is read. Either way the only text that ever leaves is the redacted one.
 */
export function recordEvidence(
  sink: EvidenceSink | undefined,
  dir: EvidenceEntry['dir'],
  text: string,
  secrets: readonly string[] = [],
): void {
  if (!sink) return;
  if (sink.addDeferred && text.length <= DEFER_MAX_CHARS) {
    sink.addDeferred(dir, () => evidenceText(text, secrets));
  } else {
    sink.add(dir, evidenceText(text, secrets));
  }
}
