/**
 * The evidence an attempt records for the report: what it sent and received before a
 * failure. Bounded, because a chatty stream must not turn results.json into megabytes,
 * and redacted again, because a token must never reach a PR comment.
 *
 * A load test logs thousands of lines and the log keeps 60, so a line is redacted and cut
 * when `entries()` hands it out, not when it is added: the lines dropped on the way are
 * never worked on. Nothing leaves this class but `entries()`, and every text it returns has
 * been through `redact` first and cut after, exactly as when lines were redacted on
 * arrival: a line is never cut before it is redacted, since half a token no longer looks
 * like one.
 */
import type { EvidenceEntry } from '../model.js';
import type { EvidenceLog } from '../suite/types.js';
import type { Clock } from './clock.js';
import { redact } from '../config/redact.js';
import { truncateText } from './redact.js';

export const EVIDENCE_MAX_ENTRIES = 60;
export const EVIDENCE_MAX_TEXT = 300;
/**
 * Longer lines are finished (redacted and cut) on arrival: a kept line must not hold a
 * megabyte body alive until the attempt ends. Client lines are already ≤ 300 characters.
 */
export const EVIDENCE_DEFER_MAX_CHARS = 2_048;
/** The opening of an exchange (connect, welcome) explains as much as its end: keep both. */
const HEAD_ENTRIES = 10;
/** one slot is left for the "… N dropped" note */
const TAIL_ENTRIES = EVIDENCE_MAX_ENTRIES - HEAD_ENTRIES - 1;

/** A line as kept: `text` once finished; until then what it will be made from. */
interface KeptLine {
  atMs: number;
  dir: EvidenceEntry['dir'];
  text?: string;
  source?: string | (() => string);
}

/** What any text of the log goes through before it leaves: redaction, then the cut. */
function finish(text: string): string {
  return truncateText(redact(text, []), EVIDENCE_MAX_TEXT);
}

export class BoundedEvidenceLog implements EvidenceLog {
  private readonly head: KeptLine[] = [];
  private readonly tail: KeptLine[] = [];
  private dropped = 0;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly startedAt: number = clock.now(),
  ) {}

  add(dir: EvidenceEntry['dir'], text: string): void {
    const raw = String(text);
    if (raw.length > EVIDENCE_DEFER_MAX_CHARS) this.keep(dir, { text: finish(raw) });
    else this.keep(dir, { source: raw });
  }

  /**
   * A line whose text is made only if `entries()` returns it. `render` gives the line
   * (the client's, redacted with the run's secrets); it is redacted again and cut like any
   * other. It is called at most once, and must not depend on state that changes later.
   */
  addDeferred(dir: EvidenceEntry['dir'], render: () => string): void {
    this.keep(dir, { source: render });
  }

  entries(): EvidenceEntry[] {
    const head = this.head.map((l) => this.entry(l));
    const tail = this.tail.map((l) => this.entry(l));
    if (this.dropped === 0) return [...head, ...tail];
    const note: EvidenceEntry = {
      atMs: tail[0]?.atMs ?? 0,
      dir: 'note',
      text: `… ${this.dropped} entr${this.dropped === 1 ? 'y' : 'ies'} dropped …`,
    };
    return [...head, note, ...tail];
  }

  /** Stop accepting entries: the attempt is over. */
  close(): void {
    this.closed = true;
  }

  private keep(dir: EvidenceEntry['dir'], content: Pick<KeptLine, 'text' | 'source'>): void {
    // A body abandoned at its timeout may still log; its lines belong to no attempt.
    if (this.closed) return;
    const line: KeptLine = {
      atMs: Math.max(0, Math.round(this.clock.now() - this.startedAt)),
      dir,
      ...content,
    };
    if (this.head.length < HEAD_ENTRIES) {
      this.head.push(line);
      return;
    }
    this.tail.push(line);
    if (this.tail.length > TAIL_ENTRIES) {
      this.tail.shift();
      this.dropped += 1;
    }
  }

  /** The line as handed out, finished once (entries() may be read more than once). */
  private entry(line: KeptLine): EvidenceEntry {
    if (line.text === undefined) {
      let raw: string;
      try {
        raw = typeof line.source === 'function' ? String(line.source()) : String(line.source);
      } catch {
        raw = '(this evidence line could not be rendered)';
      }
      line.text = finish(raw);
      // the raw text (or the closure holding it) is not needed any more
      delete line.source;
    }
    return { atMs: line.atMs, dir: line.dir, text: line.text };
  }
}
