/**
 * User text inside an error message: control characters escaped and length bounded, so a
 * message stays one readable line whatever the input held.
 */
export function printable(text: string, max = 60): string {
  // eslint-disable-next-line no-control-regex -- control characters are what we escape
  const escaped = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) =>
    JSON.stringify(c).slice(1, -1),
  );
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}
