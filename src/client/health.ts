/**
 * The readiness probe the runner polls before grading anything: one GET of the health
 * path, status and parsed body, with transport failures left to the caller to count. Also
 * the one reader of `version-field`: readiness and the health test must agree on where the
 * build is, or a path one accepts (`builds.0.sha`) fails in the other.
 */
import type { ProtocolConfig } from '../config/protocol.js';
import { GateError } from '../model.js';
import { lenientJson, type HttpClient } from './http.js';

export interface HealthReading {
  status: number;
  body: unknown;
  /**
   * What was wrong with the answer as an answer: a body that is not JSON, or one too large
   * to read. Set only then; readiness calls a 2xx with a violation a protocol violation.
   */
  violation?: string;
}

/** How much of an unreadable body a message quotes. */
const QUOTED_CHARS = 60;

/**
 * Readiness asks "is it up, and which build?", not "does it keep the protocol": a JSON body
 * under the wrong content type (a proxy rewriting headers) still answers that, so it is
 * read leniently. The suite's tests then fail on the content type, instead of the whole run
 * being called inconclusive as if the service were down.
 */
export function probeHealth(
  http: HttpClient,
  protocol: ProtocolConfig,
): () => Promise<HealthReading> {
  return async () => {
    let res;
    try {
      res = await http.get(protocol.paths.health, { timeoutMs: protocol.requestTimeoutMs });
    } catch (err) {
      // A runaway body did answer: it is the service's fault, not a connection failure.
      if (err instanceof GateError && err.facts.kind === 'protocol' && err.facts.httpStatus) {
        return { status: err.facts.httpStatus, body: undefined, violation: oversized(err) };
      }
      throw err;
    }
    const body = lenientJson(res);
    if (body !== undefined) return { status: res.status, body };
    return { status: res.status, body, violation: notJson(res.text, res.headers['content-type']) };
  };
}

function oversized(err: GateError): string {
  const m = /body over (\d+) bytes/.exec(err.message);
  return m ? `a body over ${m[1]} bytes (stopped reading)` : err.message;
}

function notJson(text: string, contentType: string | undefined): string {
  const type = contentType !== undefined ? contentType.split(';')[0].trim() : 'no content type';
  if (text.trim().length === 0) return `an empty body (${type}), not JSON`;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const quoted = oneLine.length > QUOTED_CHARS ? `${oneLine.slice(0, QUOTED_CHARS - 1)}…` : oneLine;
  return `a body that is not JSON (${type}): ${JSON.stringify(quoted)}`;
}

/**
 * The value at a dotted path of a JSON body: `version`, `build.sha`, `builds.0.sha` (a
 * numeric segment indexes an array). undefined when any step is missing.
 */
export function valueAtPath(body: unknown, path: string): unknown {
  let current: unknown = body;
  for (const key of path.split('.').filter((k) => k.length > 0)) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(key)) return undefined;
      current = current[Number(key)];
    } else if (typeof current === 'object' && current !== null) {
      current = Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
    } else {
      return undefined;
    }
  }
  return current;
}

export type VersionReading = { version: string } | { version?: undefined; problem: string };

/**
 * The build a health body reports at `versionField`: a non-empty string, or a number (a
 * build number) as its decimal text. Anything else is no version, with what was there.
 */
export function readVersion(body: unknown, versionField: string): VersionReading {
  const value = valueAtPath(body, versionField);
  if (typeof value === 'string' && value.length > 0) return { version: value };
  if (typeof value === 'number' && Number.isFinite(value)) return { version: String(value) };
  if (value === undefined) return { problem: `no '${versionField}' field` };
  const what =
    value === null
      ? 'null'
      : typeof value === 'string'
        ? 'an empty string'
        : Array.isArray(value)
          ? 'an array'
          : typeof value === 'object'
            ? 'an object'
            : `a ${typeof value}`;
  return { problem: `${what} at '${versionField}', not a version` };
}
