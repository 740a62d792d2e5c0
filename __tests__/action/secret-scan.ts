/**
 * The secrets scan: what credentials went out (from the proxy's record of the client's
 * bytes), and where they came back (every text the run printed, wrote or sent to GitHub, and
 * the base64 blobs inside them, such as the comment's hidden digest).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Anything JWT-shaped: two base64url segments starting `{"` and the second dot. */
export const JWT_SHAPED = /eyJ[\w-]+\.[\w-]+\./;

/** Every credential in the requests a client sent: bearer headers, subprotocols, ?token=. */
export function credentialsSent(clientText: string): string[] {
  const found = new Set<string>();
  for (const m of clientText.matchAll(/^authorization:\s*(?:bearer\s+)?(\S+)\s*$/gim))
    found.add(m[1]);
  for (const m of clientText.matchAll(/[?&](?:access_)?token=([^&\s#]+)/g)) {
    found.add(m[1]);
    found.add(decodeURIComponent(m[1]));
  }
  for (const m of clientText.matchAll(/\bjwt\.([A-Za-z0-9_-]{16,})/g)) {
    found.add(`jwt.${m[1]}`);
    found.add(Buffer.from(m[1], 'base64url').toString('utf8'));
  }
  for (const m of clientText.matchAll(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g)) found.add(m[0]);
  return [...found].filter((s) => s.length >= 8);
}

export interface Text {
  /** where it was found: `stdout`, `GITHUB_OUTPUT`, a file path, `request POST /…` */
  where: string;
  text: string;
}

/** Every file under `dir`, as text. */
export function filesUnder(dir: string): Text[] {
  const out: Text[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ where: path, text: readFileSync(path).toString('latin1') });
    }
  };
  walk(dir);
  return out;
}

/** The text itself and every base64/base64url blob in it, decoded. */
function withDecodedBlobs(t: Text): Text[] {
  const out = [t];
  for (const m of t.text.matchAll(/[A-Za-z0-9+/_-]{24,}={0,2}/g)) {
    const decoded = Buffer.from(m[0].replace(/\+/g, '-').replace(/\//g, '_'), 'base64url');
    out.push({ where: `${t.where} (base64 at ${m.index})`, text: decoded.toString('latin1') });
  }
  return out;
}

export interface Leak {
  where: string;
  what: string;
  /** the line around it, with the value itself cut out so the report does not repeat it */
  context: string;
}

/**
 * Each place a needle (or anything JWT-shaped) appears. `needles` maps a name to the value;
 * the name is what a failure reports.
 */
export function findLeaks(texts: Text[], needles: Record<string, string>): Leak[] {
  const leaks: Leak[] = [];
  for (const t of texts.flatMap(withDecodedBlobs)) {
    for (const [what, value] of Object.entries(needles)) {
      const at = t.text.indexOf(value);
      if (at >= 0) leaks.push({ where: t.where, what, context: around(t.text, at, value.length) });
    }
    const jwt = JWT_SHAPED.exec(t.text);
    if (jwt) {
      leaks.push({ where: t.where, what: 'JWT-shaped', context: around(t.text, jwt.index, 40) });
    }
  }
  return leaks;
}

function around(text: string, at: number, length: number): string {
  const before = text.slice(Math.max(0, at - 60), at);
  const after = text.slice(at + length, at + length + 60);
  return `${before}<HERE>${after}`.replace(/\s+/g, ' ');
}

/** stdout without the `::add-mask::` lines: the one place a secret may appear (the runner eats them). */
export function withoutMaskCommands(stdout: string): string {
  return stdout
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}

/** The values the step asked the runner to mask. */
export function maskedValues(stdout: string): Set<string> {
  return new Set(
    stdout
      .split(/\r?\n/)
      .filter((l) => l.startsWith('::add-mask::'))
      .map((l) => l.slice('::add-mask::'.length)),
  );
}
