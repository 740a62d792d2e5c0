/**
 * The faults the reference service can inject, by name. Each reproduces one way a deployed
 * agent service breaks, with exactly the symptom a client sees; the catalog feeds `--help`
 * and the README.
 */
import { SimUsageError } from './usage-error.js';

export interface FaultInfo {
  name: string;
  /** what follows `name:`; absent = takes no argument */
  arg?: string;
  /** true when the argument may be left out */
  argOptional?: boolean;
  description: string;
  /** what a client observes */
  symptom: string;
}

const FAULT_CATALOG = [
  {
    name: 'ws-1011-on-agent',
    description: 'the agent pipeline crashes right after agent_started (the seed incident)',
    symptom: 'WebSocket closed 1011 "Internal error" after agent_started; no further events',
  },
  {
    name: 'ws-1011-on-connect',
    description: 'the WebSocket handler crashes on every new connection',
    symptom: 'WebSocket closed 1011 "Internal error" right after the upgrade, no welcome frame',
  },
  {
    name: 'jwt-mismatch',
    description: 'the service verifies tokens with a different secret than the issuer signs with',
    symptom: 'valid tokens rejected: HTTP 401, WebSocket 401 at the upgrade or close 1008',
  },
  {
    name: 'auth-not-enforced',
    description: 'signature and expiry are not checked; even a missing token is accepted',
    symptom: 'wrongly signed, expired and missing tokens get 200 and a welcome frame',
  },
  {
    name: 'startup-503',
    description: 'the service stays in startup for --startup-ms (3000 ms when 0)',
    symptom: '/health 503 {"status":"unhealthy","startup_in_progress":true}, /api/* 503',
  },
  {
    name: 'stale-version',
    description: 'the previous deploy still answers',
    symptom: '/health reports "<version>-previous" instead of the expected version',
  },
  {
    name: 'drop-event',
    arg: 'type',
    description: 'the service never emits one event type (repeatable)',
    symptom: 'runs lack that event, e.g. drop-event:tool_completed',
  },
  {
    name: 'reorder-events',
    description: 'events of a run leave in the wrong order',
    symptom: 'agent_thinking before agent_started and agent_completed before the tool events',
  },
  {
    name: 'cross-user-leak',
    description: 'no user isolation',
    symptom:
      "run events reach other users' connections; GET /api/threads lists every user's threads",
  },
  {
    name: 'slow-pong',
    arg: 'ms',
    description: 'pong frames are delayed',
    symptom: 'ping → pong takes <ms> longer',
  },
  {
    name: 'slow-api',
    arg: 'ms',
    description: 'every /api/* response is delayed',
    symptom: '/api/* round trips take <ms> longer',
  },
  {
    name: 'http-500',
    arg: 'path',
    description: 'one path fails (repeatable; `{id}` or `*` matches one segment)',
    symptom: 'that path answers 500 {"error":{"code":"INTERNAL_ERROR"}}',
  },
  {
    name: 'http-404',
    arg: 'path',
    description: 'one route is missing (repeatable; `{id}` or `*` matches one segment)',
    symptom: 'that path answers 404 with a plain-text body, not a JSON error',
  },
  {
    name: 'bad-json-close',
    description: 'the WebSocket handler treats a frame it cannot parse as fatal',
    symptom: 'invalid JSON gets close 1007 "Invalid JSON" instead of a JSON_PARSE_ERROR frame',
  },
  {
    name: 'unknown-type-close',
    description: 'the message router has no fallback for types it does not know',
    symptom:
      'a frame of an unknown type gets close 1003 "Unsupported message type" instead of an ack or error frame',
  },
  {
    name: 'slow-agent-start',
    arg: 'ms',
    description: 'agents start slowly (a cold worker pool)',
    symptom:
      'agent_started comes <ms> later than it would; the rest of the run follows at its pace',
  },
  {
    name: 'drop-persistence',
    description: 'thread messages are never stored',
    symptom: 'GET /api/threads/{id}/messages stays empty after a run on the thread',
  },
  {
    name: 'close-1006',
    description: 'the process dies mid-run',
    symptom: 'socket destroyed without a close frame after agent_started (client sees 1006)',
  },
  {
    name: 'rate-limit',
    arg: 'per-second',
    argOptional: true,
    description: 'a tight rate limit on /api/* (default 5 requests per second)',
    symptom: 'requests beyond the budget get 429 with Retry-After and a JSON error',
  },
  {
    name: 'garbage-frames',
    description: 'a broken proxy or serializer injects junk',
    symptom: 'binary junk and non-JSON text frames between the real events of a run',
  },
  {
    name: 'oversized-frame',
    description: 'a runaway payload',
    symptom: 'a 20 MB text frame during every run, after agent_started',
  },
  {
    name: 'hang',
    description: 'the process is wedged',
    symptom: 'connections accepted, HTTP never answered, WebSocket upgrade never answered',
  },
  {
    name: 'slowloris',
    arg: 'ms-per-byte',
    argOptional: true,
    description: 'a starved server',
    symptom:
      'HTTP responses (and a 503 to WebSocket upgrades) trickle one byte per second, or per <ms>',
  },
  {
    name: 'reset-mid-run',
    description: 'a load balancer cuts the connection',
    symptom: 'TCP reset (ECONNRESET) after agent_started',
  },
  {
    name: 'redirect-loop',
    description: 'a misconfigured ingress',
    symptom: 'every HTTP request answers 302 to itself',
  },
  {
    name: 'wrong-content-type',
    description: 'a proxy rewrites headers',
    symptom: 'JSON bodies are sent as text/html',
  },
  {
    name: 'huge-json',
    description: 'an unbounded query',
    symptom: 'every /api/* GET answers a valid 50 MB JSON body',
  },
  {
    name: 'truncated-sse',
    description: 'the SSE chat stream is cut (sseChat variant)',
    symptom: 'POST /v1/chat ends mid-event after the first token, without run.done',
  },
  {
    name: 'slow-first-token',
    arg: 'ms',
    description: 'the SSE chat answer starts slowly (sseChat variant)',
    symptom: 'the first token event of POST /v1/chat comes <ms> later than it would',
  },
  {
    name: 'sse-not-json',
    description: 'a serializer writes plain text into the SSE chat stream (sseChat variant)',
    symptom: 'POST /v1/chat events carry data lines that are not JSON',
  },
] as const satisfies readonly FaultInfo[];

export type FaultName = (typeof FAULT_CATALOG)[number]['name'];

/** Every fault, in the order `--help` and the README list them. */
export const FAULTS: readonly FaultInfo[] = FAULT_CATALOG;

/** The parsed set of active faults with their arguments. */
export interface ActiveFaults {
  names: ReadonlySet<FaultName>;
  droppedEvents: ReadonlySet<string>;
  slowPongMs: number;
  slowApiMs: number;
  slowAgentStartMs: number;
  slowFirstTokenMs: number;
  http500: readonly PathPattern[];
  http404: readonly PathPattern[];
  rateLimitPerSecond: number;
  slowlorisByteMs: number;
}

export interface PathPattern {
  source: string;
  test(pathname: string): boolean;
}

const BY_NAME: ReadonlyMap<string, FaultInfo> = new Map(FAULTS.map((f) => [f.name, f]));

/** `name`, `name:<arg>` or `name[:<arg>]` when the argument is optional. */
export function faultSyntax(fault: FaultInfo): string {
  if (!fault.arg) return fault.name;
  return fault.argOptional ? `${fault.name}[:<${fault.arg}>]` : `${fault.name}:<${fault.arg}>`;
}

export function faultList(): string {
  return FAULTS.map(faultSyntax).join(', ');
}

/** Parses `name` / `name:arg` specs (each may be comma-separated); throws SimUsageError. */
export function parseFaults(specs: readonly string[]): ActiveFaults {
  const names = new Set<FaultName>();
  const droppedEvents = new Set<string>();
  const http500: PathPattern[] = [];
  const http404: PathPattern[] = [];
  let slowPongMs = 0;
  let slowApiMs = 0;
  let slowAgentStartMs = 0;
  let slowFirstTokenMs = 0;
  let rateLimitPerSecond = 5;
  let slowlorisByteMs = 1_000;
  for (const spec of specs.flatMap((s) => s.split(',')).map((s) => s.trim())) {
    if (spec === '') continue;
    const colon = spec.indexOf(':');
    const name = colon < 0 ? spec : spec.slice(0, colon);
    const arg = colon < 0 ? undefined : spec.slice(colon + 1);
    const info = BY_NAME.get(name);
    if (!info) {
      throw new SimUsageError(`unknown fault '${name}'; valid faults: ${faultList()}`);
    }
    if (!info.arg && arg !== undefined) {
      throw new SimUsageError(`fault '${name}' takes no argument, got '${spec}'`);
    }
    if (info.arg && !info.argOptional && (arg === undefined || arg === '')) {
      throw new SimUsageError(`fault '${name}' needs an argument: ${name}:<${info.arg}>`);
    }
    names.add(name as FaultName);
    switch (name) {
      case 'drop-event':
        droppedEvents.add(arg ?? '');
        break;
      case 'slow-pong':
        slowPongMs = faultNumber(spec, arg);
        break;
      case 'slow-api':
        slowApiMs = faultNumber(spec, arg);
        break;
      case 'slow-agent-start':
        slowAgentStartMs = faultNumber(spec, arg);
        break;
      case 'slow-first-token':
        slowFirstTokenMs = faultNumber(spec, arg);
        break;
      case 'http-500':
        http500.push(pathPattern(spec, arg ?? ''));
        break;
      case 'http-404':
        http404.push(pathPattern(spec, arg ?? ''));
        break;
      case 'rate-limit':
        if (arg !== undefined) rateLimitPerSecond = Math.max(1, faultNumber(spec, arg));
        break;
      case 'slowloris':
        if (arg !== undefined) slowlorisByteMs = Math.max(1, faultNumber(spec, arg));
        break;
    }
  }
  return {
    names,
    droppedEvents,
    slowPongMs,
    slowApiMs,
    slowAgentStartMs,
    slowFirstTokenMs,
    http500,
    http404,
    rateLimitPerSecond,
    slowlorisByteMs,
  };
}

function faultNumber(spec: string, arg: string | undefined): number {
  const n = Number(arg);
  if (!/^\d+$/.test(arg ?? '') || !Number.isSafeInteger(n)) {
    throw new SimUsageError(`fault '${spec}': expected a non-negative integer argument`);
  }
  return n;
}

/** `/api/threads/{id}/messages` or `/api/threads/*` match any value in that one segment. */
export function pathPattern(spec: string, source: string): PathPattern {
  if (!source.startsWith('/')) {
    throw new SimUsageError(`fault '${spec}': the path must start with '/'`);
  }
  const wanted = source.split('/');
  return {
    source,
    test(pathname: string): boolean {
      const seen = pathname.split('/');
      return (
        seen.length === wanted.length &&
        wanted.every((part, i) => part === seen[i] || part === '*' || /^\{\w+\}$/.test(part))
      );
    },
  };
}
