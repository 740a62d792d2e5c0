/**
 * What the client writes down as it talks: a sink for evidence lines (the suite's
 * `EvidenceLog` fits it) and the one place where a line is redacted and bounded, so that no
 * frame or URL carrying a token reaches a report.
 */
import { redact } from '../config/redact.js';
import type { EvidenceEntry } from '../model.js';

export interface EvidenceSink {
  add(dir: EvidenceEntry['dir'], text: string): void;
}

/** Long enough to read a frame's type, ids and error; short enough for a PR comment. */
export const EVIDENCE_MAX_CHARS = 300;

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
