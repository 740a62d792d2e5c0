/**
 * A last line of defence for text the runner stores (evidence, failure messages): the
 * client redacts what it logs, but a token that slips into an error message must still
 * never reach results.json or a PR comment.
 */

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer\s+)[^\s"',;]+/gi;
const TOKEN_PARAM = /([?&](?:token|access_token)=)[^&\s"']+/gi;
const JWT_SUBPROTOCOL = /(jwt\.)[A-Za-z0-9_-]{16,}/g;

export function redactSecrets(text: string): string {
  return text
    .replace(BEARER, '$1[redacted]')
    .replace(TOKEN_PARAM, '$1[redacted]')
    .replace(JWT, '[redacted-jwt]')
    .replace(JWT_SUBPROTOCOL, '$1[redacted]');
}

/** Cut to `max` characters, marking the cut so a reader knows text is missing. */
export function truncateText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
