/**
 * Safe markdown from untrusted text: messages, close reasons and frames come from the
 * service under test, and a stray `|`, `<details>` or backtick in them must not break the
 * comment's tables and blocks. Every string a section prints from results goes through here.
 */
import { redact } from '../config/redact.js';

/** Token-shaped values masked (a last line of defence: evidence is redacted upstream). */
export function scrub(text: string): string {
  return redact(text, []);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Plain text for a paragraph or a table cell: one line, no HTML, no markdown syntax. */
export function text(value: string, max = 300): string {
  const line = truncate(scrub(value).replace(/\s+/g, ' ').trim(), max);
  return line
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([|*`[\]])/g, '\\$1');
}

/**
 * An inline code span; inside a table a pipe still ends the cell (GFM), so it is escaped
 * there too. A span cannot hold a newline or be fenced by a shorter run of backticks.
 */
export function code(value: string, max = 200): string {
  const body = truncate(scrub(value).replace(/\s+/g, ' ').trim(), max).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced block whose fence is longer than any backtick run inside it. */
export function fenced(body: string, lang = ''): string {
  const longest = Math.max(0, ...(body.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${body}\n${fence}`;
}

/** A markdown table; cells must already be escaped. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A link, or plain text when there is no URL. */
export function link(label: string, url: string | undefined): string {
  if (!url || !/^https?:\/\//.test(url)) return label;
  return `[${label}](${url.replace(/[()\s]/g, encodeURIComponent)})`;
}
