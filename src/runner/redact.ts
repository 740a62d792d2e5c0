/**
 * Text the runner stores is bounded; what is masked in it is config/redact's `redact`, the
 * one definition of redaction, which callers use directly.
 */

/** Cut to `max` characters, marking the cut so a reader knows text is missing. */
export function truncateText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
