/**
 * The faults the reference AG-UI service can inject, by name: each is one way a deployed
 * AG-UI agent breaks, with exactly the symptom a client sees. The catalog feeds `--help`,
 * the README and the fault matrix.
 */
import { SimUsageError } from '../usage-error.js';

export interface AgUiFaultInfo {
  name: string;
  /** what follows `name:`; absent = takes no argument */
  arg?: string;
  description: string;
  /** what a client observes */
  symptom: string;
}

const CATALOG = [
  {
    name: 'truncated',
    description: 'the stream is cut after a few text deltas (a proxy timeout, a crashed worker)',
    symptom: 'the body ends cleanly without TEXT_MESSAGE_END or RUN_FINISHED',
  },
  {
    name: 'run-error',
    description: 'the agent fails every run (a provider key revoked, a rate limit)',
    symptom: 'RUN_STARTED then RUN_ERROR {"code":"RATE_LIMITED"}',
  },
  {
    name: 'unbalanced-message',
    description: 'the agent forgets to close its text message',
    symptom: 'TEXT_MESSAGE_START and deltas, no TEXT_MESSAGE_END before RUN_FINISHED',
  },
  {
    name: 'events-after-finish',
    description: 'events keep coming after the run finished',
    symptom: 'CUSTOM and STATE_SNAPSHOT events after RUN_FINISHED',
  },
  {
    name: 'invalid-tool-args',
    description: 'a tool call streams arguments that do not join to JSON',
    symptom: 'TOOL_CALL_ARGS deltas join to `{"text": "staging-gate"` (no closing brace)',
  },
  {
    name: 'orphan-tool-result',
    description: 'a tool result names a call that never started',
    symptom: 'TOOL_CALL_RESULT with a toolCallId no TOOL_CALL_START carried',
  },
  {
    name: 'buffered',
    description: 'the stream is buffered (proxy_buffering on, compression, no flush)',
    symptom: 'nothing for ~400 ms, then every event of the run in one burst at its end',
  },
  {
    name: 'slow-first-token',
    arg: 'ms',
    description: 'the first text delta comes <ms> later (a cold model, a slow provider)',
    symptom: 'RUN_STARTED on time, the first TEXT_MESSAGE_CONTENT <ms> later',
  },
  {
    name: 'slow-start',
    arg: 'ms',
    description: 'the agent takes <ms> to start a run (a cold worker, a queue)',
    symptom: 'the response head at once, RUN_STARTED <ms> later',
  },
  {
    name: 'crossed-runs',
    description: 'runs share state: a stream carries the ids of the previous run',
    symptom: "RUN_STARTED / RUN_FINISHED name another request's threadId and runId",
  },
  {
    name: 'auth-not-enforced',
    description: 'signature and expiry are not checked; even a missing token is accepted',
    symptom: 'missing, wrongly signed and expired tokens get 200 and a stream',
  },
  {
    name: 'jwt-mismatch',
    description: 'the service verifies tokens with a different secret than the issuer signs with',
    symptom: 'valid tokens get 401',
  },
  {
    name: 'wrong-content-type',
    description: 'the endpoint answers JSON instead of an event stream',
    symptom: '200 application/json with the events as an array',
  },
  {
    name: 'stall',
    description: 'the agent hangs mid-run and the connection stays open',
    symptom: 'RUN_STARTED and one delta, then nothing; the stream never ends',
  },
  {
    name: 'malformed-input-500',
    description: 'the handler crashes on a RunAgentInput it cannot read',
    symptom: 'a malformed body gets 500 "Internal Server Error" instead of a 4xx',
  },
  {
    name: 'startup-503',
    description: 'the service never finishes starting',
    symptom: 'every request, the health path and the agent endpoint, gets 503',
  },
] as const satisfies readonly AgUiFaultInfo[];

export type AgUiFaultName = (typeof CATALOG)[number]['name'];

export const AG_UI_FAULTS: readonly AgUiFaultInfo[] = CATALOG;

export interface AgUiFaults {
  names: ReadonlySet<AgUiFaultName>;
  slowFirstTokenMs: number;
  slowStartMs: number;
}

const BY_NAME: ReadonlyMap<string, AgUiFaultInfo> = new Map(CATALOG.map((f) => [f.name, f]));

export function agUiFaultSyntax(f: AgUiFaultInfo): string {
  return f.arg ? `${f.name}:<${f.arg}>` : f.name;
}

/** Parses `name` / `name:arg` specs (each may be comma-separated); throws SimUsageError. */
export function parseAgUiFaults(specs: readonly string[]): AgUiFaults {
  const names = new Set<AgUiFaultName>();
  let slowFirstTokenMs = 0;
  let slowStartMs = 0;
  for (const spec of specs.flatMap((s) => s.split(',')).map((s) => s.trim())) {
    if (spec === '') continue;
    const colon = spec.indexOf(':');
    const name = colon < 0 ? spec : spec.slice(0, colon);
    const arg = colon < 0 ? undefined : spec.slice(colon + 1);
    const info = BY_NAME.get(name);
    if (!info) {
      const valid = CATALOG.map(agUiFaultSyntax).join(', ');
      throw new SimUsageError(`unknown AG-UI fault '${name}'; valid faults: ${valid}`);
    }
    if (!('arg' in info) && arg !== undefined) {
      throw new SimUsageError(`fault '${name}' takes no argument, got '${spec}'`);
    }
    if ('arg' in info) {
      const ms = Number(arg);
      if (arg === undefined || arg === '' || !Number.isInteger(ms) || ms < 0 || ms > 600_000) {
        throw new SimUsageError(
          `fault '${name}' needs a number of ms: ${name}:<ms>, got '${spec}'`,
        );
      }
      if (name === 'slow-start') slowStartMs = ms;
      else slowFirstTokenMs = ms;
    }
    names.add(name as AgUiFaultName);
  }
  return { names, slowFirstTokenMs, slowStartMs };
}
