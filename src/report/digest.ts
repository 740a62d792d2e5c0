/**
 * The loop's memory: a compact, hidden digest of a run embedded in the comment body, so the
 * next run on the same PR can say what it fixed and what it broke without storing anything
 * elsewhere. The previous body is untrusted text (anyone can edit a comment), so decoding
 * never throws and checks every field.
 */
import type { Results, VerdictValue } from '../model.js';

export interface Digest {
  iteration: number;
  passRate: number;
  verdict: VerdictValue;
  failed: string[];
  flaky: string[];
  /** ids left out of `failed`/`flaky` to keep the digest small; the comparison is then approximate */
  omitted?: { failed: number; flaky: number };
}

export interface LoopSnapshot {
  iteration: number;
  passRate: number;
  verdict: VerdictValue;
  failed: number;
  flaky: number;
}

export interface LoopComparison {
  /** this run's iteration: the previous one + 1 */
  iteration: number;
  before: LoopSnapshot;
  after: LoopSnapshot;
  newlyFailing: string[];
  /** failed before, passed (or flaky) now */
  fixed: string[];
  stillFailing: string[];
  /** flaky in this run */
  flaky: string[];
  /** failed before, not run this time (deselected): neither fixed nor failing */
  notRun: string[];
  /** the previous digest had to leave ids out, so "newly failing" may include old failures */
  approximate: boolean;
}

const PREFIX = '<!-- staging-gate:digest v1 ';
const SUFFIX = ' -->';
const DIGEST_RE = /<!-- staging-gate:digest v1 ([A-Za-z0-9_-]{1,200000}) -->/g;
/** JSON size cap: a 2,000-failure run must still leave the comment room for the report. */
const MAX_JSON = 6_000;
const VERDICTS: readonly string[] = ['pass', 'fail', 'inconclusive'];

export function encodeDigest(results: Results, iteration: number): string {
  const failed = results.tests.filter((t) => t.status === 'failed').map((t) => t.id);
  const flaky = results.tests.filter((t) => t.status === 'flaky').map((t) => t.id);
  const digest: Digest = {
    iteration,
    passRate: results.summary.passRate,
    verdict: results.verdict,
    failed: [],
    flaky: [],
  };
  const omitted = { failed: 0, flaky: 0 };
  let size = JSON.stringify({
    ...digest,
    omitted: { failed: failed.length, flaky: flaky.length },
  }).length;
  for (const kind of ['failed', 'flaky'] as const) {
    for (const id of kind === 'failed' ? failed : flaky) {
      const cost = JSON.stringify(id).length + 1;
      if (size + cost > MAX_JSON) {
        omitted[kind]++;
      } else {
        digest[kind].push(id);
        size += cost;
      }
    }
  }
  if (omitted.failed + omitted.flaky > 0) digest.omitted = omitted;
  return `${PREFIX}${Buffer.from(JSON.stringify(digest), 'utf8').toString('base64url')}${SUFFIX}`;
}

/** The first valid digest in `body`; undefined for a body without one or with garbage. */
export function decodeDigest(body: unknown): Digest | undefined {
  if (typeof body !== 'string') return undefined;
  for (const match of body.matchAll(DIGEST_RE)) {
    const digest = parseDigest(match[1]);
    if (digest) return digest;
  }
  return undefined;
}

function parseDigest(encoded: string): Digest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const ids = (x: unknown): x is string[] =>
    Array.isArray(x) && x.length <= 100_000 && x.every((s) => typeof s === 'string');
  if (
    !Number.isSafeInteger(v.iteration) ||
    (v.iteration as number) < 1 ||
    typeof v.passRate !== 'number' ||
    !Number.isFinite(v.passRate) ||
    typeof v.verdict !== 'string' ||
    !VERDICTS.includes(v.verdict) ||
    !ids(v.failed) ||
    !ids(v.flaky) ||
    (v.omitted !== undefined && !isOmitted(v.omitted))
  ) {
    return undefined;
  }
  const digest: Digest = {
    iteration: v.iteration as number,
    passRate: v.passRate,
    verdict: v.verdict as VerdictValue,
    failed: v.failed,
    flaky: v.flaky,
  };
  if (isOmitted(v.omitted)) digest.omitted = { failed: v.omitted.failed, flaky: v.omitted.flaky };
  return digest;
}

function isOmitted(x: unknown): x is { failed: number; flaky: number } {
  if (!x || typeof x !== 'object') return false;
  const o = x as Record<string, unknown>;
  const count = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 0;
  return count(o.failed) && count(o.flaky);
}

export function compareDigests(prev: Digest, results: Results): LoopComparison {
  const status = new Map(results.tests.map((t) => [t.id, t.status]));
  const wasFailing = new Set(prev.failed);
  const failedNow = results.tests.filter((t) => t.status === 'failed').map((t) => t.id);
  const flakyNow = results.tests.filter((t) => t.status === 'flaky').map((t) => t.id);
  const fixed: string[] = [];
  const notRun: string[] = [];
  for (const id of prev.failed) {
    const now = status.get(id);
    if (now === 'passed' || now === 'flaky') fixed.push(id);
    else if (now === undefined || now === 'skipped') notRun.push(id);
  }
  const iteration = prev.iteration + 1;
  return {
    iteration,
    before: {
      iteration: prev.iteration,
      passRate: prev.passRate,
      verdict: prev.verdict,
      failed: prev.failed.length + (prev.omitted?.failed ?? 0),
      flaky: prev.flaky.length + (prev.omitted?.flaky ?? 0),
    },
    after: {
      iteration,
      passRate: results.summary.passRate,
      verdict: results.verdict,
      failed: failedNow.length,
      flaky: flakyNow.length,
    },
    newlyFailing: failedNow.filter((id) => !wasFailing.has(id)),
    fixed,
    stillFailing: failedNow.filter((id) => wasFailing.has(id)),
    flaky: flakyNow,
    notRun,
    approximate: prev.omitted !== undefined,
  };
}
