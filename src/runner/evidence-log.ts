/**
 * The evidence an attempt records for the report: what it sent and received before a
 * failure. Bounded, because a chatty stream must not turn results.json into megabytes,
 * and redacted again, because a token must never reach a PR comment.
 */
import type { EvidenceEntry } from '../model.js';
import type { EvidenceLog } from '../suite/types.js';
import type { Clock } from './clock.js';
import { redactSecrets, truncateText } from './redact.js';

export const EVIDENCE_MAX_ENTRIES = 60;
export const EVIDENCE_MAX_TEXT = 300;
/** The opening of an exchange (connect, welcome) explains as much as its end: keep both. */
const HEAD_ENTRIES = 10;
/** one slot is left for the "… N dropped" note */
const TAIL_ENTRIES = EVIDENCE_MAX_ENTRIES - HEAD_ENTRIES - 1;

export class BoundedEvidenceLog implements EvidenceLog {
  private readonly head: EvidenceEntry[] = [];
  private readonly tail: EvidenceEntry[] = [];
  private dropped = 0;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly startedAt: number = clock.now(),
  ) {}

  add(dir: EvidenceEntry['dir'], text: string): void {
    // A body abandoned at its timeout may still log; its lines belong to no attempt.
    if (this.closed) return;
    const entry: EvidenceEntry = {
      atMs: Math.max(0, Math.round(this.clock.now() - this.startedAt)),
      dir,
      text: truncateText(redactSecrets(String(text)), EVIDENCE_MAX_TEXT),
    };
    if (this.head.length < HEAD_ENTRIES) {
      this.head.push(entry);
      return;
    }
    this.tail.push(entry);
    if (this.tail.length > TAIL_ENTRIES) {
      this.tail.shift();
      this.dropped += 1;
    }
  }

  entries(): EvidenceEntry[] {
    if (this.dropped === 0) return [...this.head, ...this.tail];
    const note: EvidenceEntry = {
      atMs: this.tail[0]?.atMs ?? 0,
      dir: 'note',
      text: `… ${this.dropped} entr${this.dropped === 1 ? 'y' : 'ies'} dropped …`,
    };
    return [...this.head, note, ...this.tail];
  }

  /** Stop accepting entries: the attempt is over. */
  close(): void {
    this.closed = true;
  }
}
