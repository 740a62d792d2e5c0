/**
 * What a protocol provides to the protocol-neutral tests (docs/INTERFACE.md §5):
 * what it can carry, a run for a user, and what the service does with a given token. One
 * folder per protocol implements it over the shared transports; the wire stays inside.
 */
import type { EvidenceLog, ProtocolId } from '../model.js';
import type { AgentRun } from './model.js';

/**
 * What a protocol can carry; a core test declares the ones it needs and is not selected for
 * a protocol that lacks one (the report lists it as left out, with why).
 */
export type Capability =
  /** a run of the agent for a prompt, with a terminal event */
  | 'runs'
  /** the run's events stream as they happen (SSE or WebSocket), so TTFT and buffering mean something */
  | 'streaming'
  /** runs carry ids the client chose or the service minted, so crossed streams can be told */
  | 'run-ids'
  /** tokens are checked per request (401/403 before any event) */
  | 'auth';

export interface RunRequest {
  /** the user's token; undefined = send none */
  token?: string;
  prompt: string;
  signal: AbortSignal;
  evidence: EvidenceLog;
  /** per-exchange timeout: connect, first event, between events */
  timeoutMs: number;
  /** label for evidence lines, e.g. `user 2` */
  label?: string;
}

/** What the service did with a token, judged by the test. */
export interface AuthProbe {
  /** the service let the request through (a 2xx, a stream, a welcome) */
  accepted: boolean;
  httpStatus?: number;
  closeCode?: number;
  /** one line for the failure message: `POST /agent → 200 text/event-stream, RUN_STARTED came` */
  detail: string;
}

export interface AgentAdapter {
  readonly protocol: ProtocolId;
  readonly capabilities: ReadonlySet<Capability>;
  /** starts a run and collects its events until the terminal event, the end of the channel or a timeout */
  run(request: RunRequest): Promise<AgentRun>;
  /** sends one authenticated request with `token` (undefined = none) and reports what came */
  probeAuth(
    token: string | undefined,
    opts: { signal: AbortSignal; evidence: EvidenceLog; timeoutMs: number },
  ): Promise<AuthProbe>;
}
