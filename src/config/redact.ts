/**
 * Masking of credentials in anything we print or write: the configured secrets (and the
 * forms they take once serialized) and anything token-shaped, so that a token minted from
 * the secret, or one the service echoes back, never reaches a log, a comment or a file.
 * Dependency-free on purpose: every layer may call it.
 */
import type { Settings } from './settings.js';

export const MASK = '***';

/** Lines of a PEM key that are worth masking on their own (not the BEGIN/END armour). */
function pemBodyLines(secret: string): string[] {
  if (!secret.includes('-----BEGIN')) return [];
  return secret
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= 8 && !l.startsWith('-----'));
}

/**
 * The strings to mask for a run: the JWT secret or key, the ready token, the GitHub token.
 * A multi-line PEM key also yields each body line, because log maskers (GitHub's among
 * them) match line by line.
 */
export function secretsOf(settings: Pick<Settings, 'auth' | 'github'>): string[] {
  const out: string[] = [];
  const { auth } = settings;
  if (auth.kind === 'jwt') out.push(auth.secret, ...pemBodyLines(auth.secret));
  if (auth.kind === 'token') out.push(auth.token);
  if (settings.github.token) out.push(settings.github.token);
  return [...new Set(out.filter((s) => s.trim().length > 0))];
}

/** The secret as it appears inside JSON text and inside a URL, when those differ. */
function encodedForms(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1)];
  try {
    forms.push(encodeURIComponent(secret));
  } catch {
    // a lone surrogate cannot be URL-encoded, so it cannot appear URL-encoded either
  }
  return forms;
}

/** Three base64url segments starting with `eyJ` (`{"`): a JWT, whatever minted it. */
const JWT_SHAPED = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/** `Bearer <token>` in a header line, a JSON header map or a message. */
const BEARER_VALUE = /\b(Bearer\s+)[^\s"',;]+/gi;
/** The WebSocket subprotocol transport `jwt.<base64url(jwt)>`. */
const JWT_SUBPROTOCOL = /\b(jwt\.)[A-Za-z0-9_-]{16,}/g;
/** The query transport `?token=<jwt>`. */
const TOKEN_QUERY = /([?&](?:access_)?token=)[^&\s"'#]+/gi;
/**
 * The value of a secret-bearing flag on a command line (`--jwt-secret hunter2`, quoted or
 * `=`-joined), unless it is a shell variable (`"$SIM_SECRET"`), which is the safe way.
 * `--jwt-secret-env VAR` names a variable and is left alone.
 */
const SECRET_FLAG_VALUE =
  /(--(?:jwt-secret|auth-token|github-token)(?:=|\s+))(?!"?\$)("[^"]*"|'[^']*'|[^\s"']+)/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The alternation of every secret and its encoded forms, longest first so that a secret
 * containing another is masked whole. Compiled once per list of secrets: evidence is
 * redacted line by line, thousands of times in a load test.
 */
let compiled: { key: string; pattern: RegExp | undefined } | undefined;
function secretsPattern(secrets: readonly string[]): RegExp | undefined {
  const key = secrets.join('\u0000');
  if (compiled?.key === key) return compiled.pattern;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.trim().length === 0) continue;
    for (const form of encodedForms(secret)) forms.add(form);
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  const pattern =
    ordered.length > 0 ? new RegExp(ordered.map(escapeRegExp).join('|'), 'g') : undefined;
  compiled = { key, pattern };
  return pattern;
}

/**
 * `text` with every secret (and every encoded form of it), every token-shaped value and
 * every secret flag's value masked. The one definition of redaction: the client's evidence,
 * the runner's failures, readiness errors, the report, the files and the terminal all call
 * it, so that what one of them masks, all do.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const pattern = secretsPattern(secrets);
  const out = pattern ? text.replace(pattern, MASK) : text;
  return out
    .replace(JWT_SHAPED, MASK)
    .replace(BEARER_VALUE, `$1${MASK}`)
    .replace(JWT_SUBPROTOCOL, `$1${MASK}`)
    .replace(TOKEN_QUERY, `$1${MASK}`)
    .replace(SECRET_FLAG_VALUE, `$1${MASK}`);
}
