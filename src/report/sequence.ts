/**
 * A Mermaid sequence diagram of the first failing WebSocket exchange, drawn from its
 * evidence: what the gate sent, what came back and when, ending in the close. A person sees
 * at a glance that agent_started came and the socket died 1.2 s later.
 */
import type { EvidenceEntry, Results, TestResult } from '../model.js';
import { code, fenced, scrub } from './markdown.js';
import { formatMs } from './units.js';

/** Mermaid stays readable up to a couple dozen messages; the end of an exchange matters most. */
const MAX_MESSAGES = 24;
const LABEL_MAX = 60;

const WS_DIRS: ReadonlySet<EvidenceEntry['dir']> = new Set(['out', 'in', 'close']);

export function renderSequence(results: Results): string {
  const test = firstWebSocketFailure(results);
  const evidence = test?.failure?.evidence;
  if (!test || !evidence) return '';
  const shown = evidence.slice(-MAX_MESSAGES);
  const lines = [
    'sequenceDiagram',
    '  participant G as staging-gate',
    '  participant S as service',
  ];
  if (shown.length < evidence.length) {
    lines.push(`  Note over G,S: ${evidence.length - shown.length} earlier entries not shown`);
  }
  for (const entry of shown) lines.push(`  ${message(entry)}`);
  return [
    `### First failing WebSocket exchange: ${code(test.id)}`,
    '',
    fenced(lines.join('\n'), 'mermaid'),
  ].join('\n');
}

/** Tests of the primary pattern first: the diagram should show the problem the whys are about. */
function firstWebSocketFailure(results: Results): TestResult | undefined {
  const failed = results.tests.filter((t) => t.status === 'failed' && hasWebSocketEvidence(t));
  const primary = results.patterns[0]?.tests ?? [];
  return failed.find((t) => primary.includes(t.id)) ?? failed[0];
}

function hasWebSocketEvidence(t: TestResult): boolean {
  return (t.failure?.evidence ?? []).some((e) => WS_DIRS.has(e.dir));
}

function message(entry: EvidenceEntry): string {
  const at = `+${formatMs(entry.atMs)}`;
  switch (entry.dir) {
    case 'out':
      return `G->>S: ${escapeMermaid(`${at} ${frameLabel(entry.text)}`)}`;
    case 'in':
      return `S->>G: ${escapeMermaid(`${at} ${frameLabel(entry.text)}`)}`;
    case 'close':
      return `S-xG: ${escapeMermaid(`${at} close ${entry.text}`)}`;
    case 'http':
      return `G->>S: ${escapeMermaid(`${at} ${entry.text}`)}`;
    default:
      return `Note over G,S: ${escapeMermaid(`${at} ${entry.text}`)}`;
  }
}

/** A JSON frame by its type (and error code, when it is an error); other text as is. */
export function frameLabel(raw: string): string {
  try {
    const frame: unknown = JSON.parse(raw);
    if (frame && typeof frame === 'object' && !Array.isArray(frame)) {
      const f = frame as Record<string, unknown>;
      if (typeof f.type === 'string') {
        const detail = [f.error_code, f.code, f.received_type].find((v) => typeof v === 'string');
        return detail ? `${f.type} ${String(detail)}` : f.type;
      }
    }
  } catch {
    // not JSON (or cut short by the evidence bound): show the text itself
  }
  return raw;
}

/**
 * Mermaid's own entity codes for what ends a statement (`;`), starts a comment or an entity
 * (`%`, `#`), or reads as markup (quotes, `<`, `>`); GitHub renders them as the characters.
 */
export function escapeMermaid(value: string): string {
  const one = scrub(value).replace(/\s+/g, ' ').trim();
  const cut = one.length > LABEL_MAX ? `${one.slice(0, LABEL_MAX - 1)}…` : one;
  return cut.replace(/[#;%"<>]/g, (ch) => `#${ch.charCodeAt(0)};`);
}
