/**
 * The bounded evidence log keeps 60 lines of a load test's thousands and finishes (redacts,
 * then cuts) only the lines it hands out. What it hands out must be exactly as safe as when
 * every line was redacted on arrival.
 */
import { describe, expect, it } from 'vitest';
import {
  BoundedEvidenceLog,
  EVIDENCE_DEFER_MAX_CHARS,
  EVIDENCE_MAX_ENTRIES,
  EVIDENCE_MAX_TEXT,
} from '../../src/runner/evidence-log.js';
import { VirtualClock } from './virtual-clock.js';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdGFnaW5nLWUyZS11c2VyLTAwMSJ9.SIGNATUREsignatureSIGNATURE0123';
const SIGNATURE = JWT.split('.')[2];

function texts(log: BoundedEvidenceLog): string {
  return log
    .entries()
    .map((e) => e.text)
    .join('\n');
}

describe('BoundedEvidenceLog', () => {
  it('masks token-shaped values in what it hands out, added plainly or deferred', () => {
    const log = new BoundedEvidenceLog(new VirtualClock());
    log.add('out', `{"type":"ping","token":"${JWT}"}`);
    log.add('http', `GET /api/me authorization: Bearer ${SIGNATURE}`);
    log.addDeferred('in', () => `echo ${JWT}`);
    const out = texts(log);
    expect(out).not.toContain(SIGNATURE);
    expect(out).not.toContain('eyJ');
    expect(out).toContain('Bearer ***');
    expect(log.entries()).toHaveLength(3);
  });

  it('redacts before it cuts: a token across the cut leaves no piece of itself', () => {
    const log = new BoundedEvidenceLog(new VirtualClock());
    // cut first, the line would end in the token's first 19 characters, no longer JWT-shaped
    const line = `${'x'.repeat(EVIDENCE_MAX_TEXT - 20)} ${JWT}`;
    log.add('in', line);
    log.addDeferred('in', () => line);
    for (const { text } of log.entries()) {
      expect(text.length).toBeLessThanOrEqual(EVIDENCE_MAX_TEXT);
      expect(text).not.toContain('eyJ');
      expect(text.endsWith(' ***')).toBe(true);
    }
  });

  it('finishes a long line on arrival, with the same result', () => {
    const log = new BoundedEvidenceLog(new VirtualClock());
    const long = `${JWT} ${'y'.repeat(EVIDENCE_DEFER_MAX_CHARS)}`;
    log.add('in', long);
    const [entry] = log.entries();
    expect(entry.text.startsWith('*** yyy')).toBe(true);
    expect(entry.text.length).toBe(EVIDENCE_MAX_TEXT);
  });

  it('keeps the head and the tail of a long exchange, and says how many it dropped', () => {
    const log = new BoundedEvidenceLog(new VirtualClock());
    for (let i = 0; i < 1_000; i++) log.add('in', `frame ${i}`);
    const entries = log.entries();
    expect(entries).toHaveLength(EVIDENCE_MAX_ENTRIES);
    expect(entries.slice(0, 10).map((e) => e.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `frame ${i}`),
    );
    expect(entries[10]).toMatchObject({ dir: 'note', text: '… 941 entries dropped …' });
    expect(entries.at(-1)?.text).toBe('frame 999');
    expect(entries[11].text).toBe('frame 951');
  });

  it('renders a deferred line only if it is handed out, and only once', () => {
    const log = new BoundedEvidenceLog(new VirtualClock());
    let rendered = 0;
    for (let i = 0; i < 1_000; i++) {
      log.addDeferred('in', () => {
        rendered += 1;
        return `frame ${i}`;
      });
    }
    expect(rendered).toBe(0);
    const first = log.entries();
    expect(rendered).toBe(EVIDENCE_MAX_ENTRIES - 1);
    expect(log.entries()).toEqual(first);
    expect(rendered).toBe(EVIDENCE_MAX_ENTRIES - 1);
  });

  it('stamps a line when it is added, not when it is read', async () => {
    const clock = new VirtualClock();
    const log = new BoundedEvidenceLog(clock, 0);
    log.addDeferred('out', () => 'sent');
    await clock.sleep(25);
    log.add('in', 'received');
    await clock.sleep(100);
    expect(log.entries().map((e) => e.atMs)).toEqual([0, 25]);
  });

  it('survives a line that cannot be rendered, and ignores lines after close', () => {
    const log = new BoundedEvidenceLog(new VirtualClock());
    log.addDeferred('in', () => {
      throw new Error(`boom ${JWT}`);
    });
    log.close();
    log.add('in', 'late');
    log.addDeferred('in', () => 'late too');
    const entries = log.entries();
    expect(entries).toHaveLength(1);
    expect(entries[0].text).toBe('(this evidence line could not be rendered)');
  });
});
