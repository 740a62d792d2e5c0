/**
 * A last line of defence for text the runner stores (evidence, failure messages): the
 * client redacts what it logs, but a token that slips into an error message must still
 * never reach results.json or a PR comment. The patterns are config/redact's, the one
 * definition of what a secret looks like.
 */
import { redact } from '../config/redact.js';

export function redactSecrets(text: string): string {
  return redact(text, []);
}

/** Cut to `max` characters, marking the cut so a reader knows text is missing. */
export function truncateText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
