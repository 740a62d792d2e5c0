/**
 * The readiness wait: poll `/health` until the service is healthy and reports the expected
 * build, or the wait runs out. Grading the previous deploy, or a service still loading,
 * would blame the change under test for someone else's state, so not ready means no grade.
 */
import { readVersion } from '../client/health.js';
import { redact } from '../config/redact.js';
import { GateError, type Readiness } from '../model.js';
import type { Clock } from './clock.js';
import { truncateText } from './redact.js';

export interface ProbeAnswer {
  status: number;
  body: unknown;
  /** the answer was no answer to read: not JSON, or too large (`probeHealth` says which) */
  violation?: string;
}

export interface ReadinessProgress {
  poll: number;
  elapsedMs: number;
  /** HTTP status of this poll; absent when the probe threw */
  status?: number;
  /** the service said it is still starting (503 + startup_in_progress) */
  starting?: boolean;
  phase?: string;
  progress?: number;
  version?: string;
  error?: string;
  /**
   * What the wait is waiting for, in words, and what this poll saw instead:
   * `version abc123 at build.sha, /health reports def456`.
   */
  waitingFor: string;
}

export interface WaitForReadyOptions {
  /** one GET of /health; may throw (refused, reset …). The signal aborts at the probe's timeout. */
  probe: (signal: AbortSignal) => Promise<ProbeAnswer>;
  /** 0 = a single probe */
  waitForReadySec: number;
  expectedVersion?: string;
  /** dotted path of the version in the body: `version`, `build.sha` */
  versionField: string;
  clock: Clock;
  /**
   * From the start of one poll to the start of the next (default 1000): a service that
   * turned ready is noticed within about a second, and never polled more than once a
   * second. A poll that took longer than this is followed by the next at once.
   */
  pollIntervalMs?: number;
  /** how long one probe may take before it counts as no answer (default 10 000) */
  probeTimeoutMs?: number;
  /** what the messages call the endpoint (default `/health`) */
  target?: string;
  onProgress?: (progress: ReadinessProgress) => void;
}

/** the shortest probe timeout, even when the wait is nearly over */
const MIN_PROBE_MS = 1000;

/** A probe that failed because nothing came back in time (the client's own timeout). */
function isTimeout(err: unknown): boolean {
  return err instanceof GateError ? err.facts.kind === 'timeout' : false;
}

type Poll =
  | { kind: 'error'; error: string; silent: boolean }
  | {
      kind: 'answer';
      status: number;
      healthy: boolean;
      violation?: string;
      /** why there is no version, when there is none */
      versionProblem?: string;
      bodyStatus?: string;
      starting: boolean;
      phase?: string;
      progress?: number;
      version?: string;
    };

export async function waitForReady(options: WaitForReadyOptions): Promise<Readiness> {
  const { clock, expectedVersion, versionField } = options;
  const target = options.target ?? '/health';
  const period = Math.max(1, options.pollIntervalMs ?? 1000);
  const waitMs = Math.max(0, options.waitForReadySec * 1000);
  const start = clock.now();
  const deadline = start + waitMs;
  // Bounded in count as well as time, so a clock that never advances cannot spin forever.
  const maxPolls = Math.ceil(waitMs / period) + 2;

  let polls = 0;
  let lastAnswer: Extract<Poll, { kind: 'answer' }> | undefined;
  let lastError: string | undefined;
  /** every failed probe was a silence (accepted, never answered), not a refusal */
  let onlySilence = true;

  for (;;) {
    polls++;
    const pollStart = clock.now();
    // A probe may not run past the wait (at least MIN_PROBE_MS, so a slow answer can count).
    const probeTimeoutMs =
      waitMs === 0
        ? (options.probeTimeoutMs ?? 10_000)
        : Math.min(
            options.probeTimeoutMs ?? 10_000,
            Math.max(MIN_PROBE_MS, deadline - clock.now()),
          );
    const poll = await pollOnce(options, versionField, probeTimeoutMs);
    const elapsedMs = clock.now() - start;
    if (poll.kind === 'error') {
      lastError = poll.error;
      if (!poll.silent) onlySilence = false;
      notify(options, {
        poll: polls,
        elapsedMs,
        error: poll.error,
        waitingFor: `${target} to answer: ${poll.error}`,
      });
    } else {
      lastAnswer = poll;
      lastError = undefined;
      notify(options, {
        poll: polls,
        elapsedMs,
        status: poll.status,
        starting: poll.starting || undefined,
        phase: poll.phase,
        progress: poll.progress,
        version: poll.version,
        waitingFor: waitingFor(poll, target, expectedVersion, versionField),
      });
      const versionOk = expectedVersion === undefined || poll.version === expectedVersion;
      if (poll.healthy && versionOk) {
        const version = poll.version !== undefined ? `, version '${poll.version}'` : '';
        return {
          ready: true,
          message: `${target} healthy after ${seconds(elapsedMs)} (${plural(polls, 'poll')})${version}`,
          version: poll.version,
          waitedMs: Math.round(elapsedMs),
          polls,
        };
      }
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0 || polls >= maxPolls) break;
    // A fixed cadence, not a growing backoff: a deploy that became ready is graded at once.
    const pause = Math.max(0, period - (clock.now() - pollStart));
    await clock.sleep(Math.min(pause, remaining));
  }

  const waitedMs = clock.now() - start;
  const facts = `within ${seconds(waitMs)} (${plural(polls, 'poll')}, waited ${seconds(waitedMs)})`;
  const base = {
    ready: false,
    version: lastAnswer?.version,
    waitedMs: Math.round(waitedMs),
    polls,
  };
  const errorNote = lastError !== undefined ? `; last error: ${lastError}` : '';

  if (!lastAnswer) {
    // Connections accepted but never answered (a wedged process, a one-byte-a-second
    // server) are an unavailable service; refusals, resets, DNS and TLS are connection failures.
    return {
      ...base,
      category: onlySilence ? 'service_unavailable' : 'connection_failed',
      message: `${target} never answered ${facts}${errorNote}`,
    };
  }
  if (lastAnswer.violation !== undefined && lastAnswer.status >= 200 && lastAnswer.status < 300) {
    // A 2xx that cannot be read is the service breaking the protocol, not being down.
    return {
      ...base,
      category: 'protocol_violation',
      message: `${target} answered ${lastAnswer.status} with ${lastAnswer.violation} ${facts}${errorNote}`,
    };
  }
  if (lastAnswer.healthy && expectedVersion !== undefined) {
    const seen =
      lastAnswer.version !== undefined
        ? `reports version '${lastAnswer.version}'`
        : `reports ${lastAnswer.versionProblem ?? `no '${versionField}' field`}`;
    return {
      ...base,
      category: 'stale_deploy',
      message: `${target} is healthy but ${seen}, expected '${expectedVersion}', ${facts}${errorNote}`,
    };
  }
  return {
    ...base,
    category: 'service_unavailable',
    message: `${target} not healthy ${facts}; last answer: ${describeAnswer(lastAnswer)}${errorNote}`,
  };
}

async function pollOnce(
  options: WaitForReadyOptions,
  versionField: string,
  timeoutMs: number,
): Promise<Poll> {
  const { clock } = options;
  const stop = new AbortController();
  const timer = new AbortController();
  try {
    const probed = Promise.resolve()
      .then(() => options.probe(stop.signal))
      .then(
        (answer) => ({ ok: true as const, answer }),
        (err: unknown) => ({ ok: false as const, err }),
      );
    const timedOut = clock.sleep(timeoutMs, timer.signal).then(() => 'timeout' as const);
    const outcome = await Promise.race([probed, timedOut]);
    if (outcome === 'timeout') {
      stop.abort(new Error(`probe timed out after ${seconds(timeoutMs)}`));
      return { kind: 'error', error: `no answer within ${seconds(timeoutMs)}`, silent: true };
    }
    if (!outcome.ok) {
      return { kind: 'error', error: describeError(outcome.err), silent: isTimeout(outcome.err) };
    }
    return assess(outcome.answer, versionField);
  } finally {
    timer.abort();
  }
}

function assess(answer: ProbeAnswer, versionField: string): Poll {
  const body = isRecord(answer.body) ? answer.body : {};
  const bodyStatus = typeof body.status === 'string' ? body.status : undefined;
  const details = isRecord(body.details) ? body.details : {};
  const reading = readVersion(answer.body, versionField);
  return {
    kind: 'answer',
    status: answer.status,
    ...(answer.violation !== undefined ? { violation: answer.violation } : {}),
    ...(reading.version === undefined ? { versionProblem: reading.problem } : {}),
    // `ok` is tolerated: several real services answer {"status":"ok"} when healthy.
    healthy: answer.status === 200 && (bodyStatus === 'healthy' || bodyStatus === 'ok'),
    bodyStatus,
    starting: body.startup_in_progress === true,
    phase: typeof details.phase === 'string' ? details.phase : undefined,
    progress: typeof details.progress === 'number' ? details.progress : undefined,
    version: reading.version !== undefined ? truncateText(reading.version, 80) : undefined,
  };
}

/** What the wait still waits for after this answer, in the words of the issue it reports. */
function waitingFor(
  answer: Extract<Poll, { kind: 'answer' }>,
  target: string,
  expectedVersion: string | undefined,
  versionField: string,
): string {
  if (answer.violation !== undefined) {
    return `${target} to answer JSON: it answered ${answer.status} with ${answer.violation}`;
  }
  if (!answer.healthy) return `${target} to be healthy: ${describeAnswer(answer)}`;
  if (expectedVersion !== undefined && answer.version !== expectedVersion) {
    const seen =
      answer.version !== undefined
        ? answer.version
        : (answer.versionProblem ?? `no '${versionField}' field`);
    return `version ${expectedVersion} at ${versionField}, ${target} reports ${seen}`;
  }
  return `nothing: ${target} is healthy`;
}

function describeAnswer(answer: Extract<Poll, { kind: 'answer' }>): string {
  let text = `${answer.status}`;
  if (answer.starting) {
    const phase = answer.phase !== undefined ? `phase '${answer.phase}'` : undefined;
    const progress = answer.progress !== undefined ? `${answer.progress} %` : undefined;
    const detail = [phase, progress].filter((s) => s !== undefined).join(', ');
    text += ` startup in progress${detail ? ` (${detail})` : ''}`;
  } else if (answer.violation !== undefined) {
    text += ` with ${answer.violation}`;
  } else if (answer.bodyStatus !== undefined) {
    text += ` status '${answer.bodyStatus}'`;
  } else {
    text += ' without a status field';
  }
  return text;
}

function describeError(err: unknown): string {
  let text = err instanceof Error ? err.message : String(err);
  // fetch() hides the useful part ("connect ECONNREFUSED 127.0.0.1:8080") in `cause`.
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
  if (cause && !text.includes(cause.message)) text += ` (${cause.message})`;
  for (const source of [err, cause]) {
    const code = isRecord(source) && typeof source.code === 'string' ? source.code : undefined;
    if (code !== undefined && !text.includes(code)) text = `${code}: ${text}`;
  }
  return truncateText(redact(text, []), 300);
}

function notify(options: WaitForReadyOptions, progress: ReadinessProgress): void {
  try {
    options.onProgress?.(progress);
  } catch {
    // A failing progress printer must not end the wait.
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Durations as a person reads them: `10.0 s`, never `9999.998121999999 ms`. */
export function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
