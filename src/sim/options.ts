/**
 * What the reference service can be told at start: where to listen, how to verify tokens,
 * which faults to inject, its pace, and which of the variations PROTOCOL.md permits it shows.
 */
import type { McpSimInit } from './mcp/server.js';
import { SimUsageError } from './usage-error.js';

/** Where the WebSocket upgrade may carry the token (PROTOCOL.md §1). */
export type SimAuthTransport = 'header' | 'subprotocol' | 'query';

/** The protocol variations a conforming service may show; the suite must accept each. */
export interface SimVariant {
  /** the welcome envelope: `connection_established`, or the older `system_message` one */
  welcome: 'connection_established' | 'system_message';
  /** send a `heartbeat` frame between every two events of a run */
  heartbeatEverywhere: boolean;
  /** `POST /api/agents/execute` answers 202 instead of 200 */
  execute202: boolean;
  /** unknown extra fields in every JSON body and frame */
  extraFields: boolean;
  /** token transports the upgrade accepts */
  authTransport: SimAuthTransport[];
  /** error frame shape: `{"type":"error","code","message"}` or `{"type":"error_message","error_code","error_message"}` */
  errorFrame: 'error' | 'error_message';
  /**
   * How an upgrade with a present but invalid token is refused. A missing token is always an
   * HTTP 401 at the upgrade; both behaviours are permitted by PROTOCOL.md §1.
   */
  wsInvalidToken: 'close-1008' | 'http-401';
  /** WebSocket frames as `{"event","payload"}` both ways (src/sim/envelope.ts) */
  envelope: boolean;
  /** `POST /v1/chat` answers an SSE stream (src/sim/sse-chat.ts) */
  sseChat: boolean;
}

export interface SimLatency {
  ms: number;
  jitterMs: number;
}

/** Bounds of the in-memory store: the oldest entry is evicted past each cap. */
export interface SimLimits {
  users: number;
  threadsPerUser: number;
  messagesPerThread: number;
  /** concurrent runs of one user; more are refused with an error frame */
  runsPerUser: number;
}

export interface SimOptions {
  port: number;
  host: string;
  /** the build id `/health` reports */
  version: string;
  /** HMAC secret for HS256/384/512 tokens */
  jwtSecret: string;
  /** PEM public key (SPKI) for RS*, PS*, ES* and EdDSA tokens */
  jwtPublicKey?: string;
  issuer: string;
  audience?: string;
  /** the WebSocket endpoint */
  wsPath: string;
  /** `name` or `name:arg`, see FAULTS */
  faults: string[];
  /** `/health` answers 503 for this long after start */
  startupMs: number;
  /** pause between two events of a run */
  eventSpacingMs: number;
  /** interval of idle `heartbeat` frames; 0 = none */
  heartbeatMs: number;
  /** added before every HTTP response and every server frame */
  latency?: SimLatency;
  variant: SimVariant;
  limits: SimLimits;
  /** largest client frame accepted; ws closes 1009 beyond it */
  maxPayloadBytes: number;
  /** injectable for deterministic tests */
  now: () => number;
  random: () => number;
  /**
   * Also start an MCP reference server (same secret) and list it with its URL at
   * `/api/mcp/servers`, for the `mcp-servers` checks; off by default (the listing is unchanged).
   */
  mcpSim?: Omit<McpSimInit, 'jwtSecret'>;
}

/** What `startSim` accepts: every field optional, nested groups partial too. */
export type SimInit = Partial<Omit<SimOptions, 'variant' | 'limits'>> & {
  variant?: Partial<SimVariant>;
  limits?: Partial<SimLimits>;
};

/** Development secret (≥ 32 bytes, as HS256 wants). Never use it outside loopback. */
export const DEFAULT_SIM_SECRET = 'staging-gate-sim-development-secret-0123456789';

export const DEFAULT_VARIANT: SimVariant = {
  welcome: 'connection_established',
  heartbeatEverywhere: false,
  execute202: false,
  extraFields: false,
  authTransport: ['header', 'subprotocol', 'query'],
  errorFrame: 'error',
  wsInvalidToken: 'close-1008',
  envelope: false,
  sseChat: false,
};

export const DEFAULT_LIMITS: SimLimits = {
  users: 1_000,
  threadsPerUser: 100,
  messagesPerThread: 500,
  runsPerUser: 20,
};

/** Defaults filled in and every number checked; throws SimUsageError naming the option. */
export function resolveOptions(init: SimInit = {}): SimOptions {
  const { variant, limits, ...rest } = init;
  const defined = Object.fromEntries(
    Object.entries(rest).filter(([, value]) => value !== undefined),
  ) as Partial<SimOptions>;
  const options: SimOptions = {
    port: 0,
    host: '127.0.0.1',
    version: 'sim-1.0.0',
    jwtSecret: DEFAULT_SIM_SECRET,
    issuer: 'staging-gate',
    wsPath: '/ws',
    faults: [],
    startupMs: 0,
    eventSpacingMs: 20,
    heartbeatMs: 5_000,
    maxPayloadBytes: 1024 * 1024,
    now: Date.now,
    random: Math.random,
    ...defined,
    variant: { ...DEFAULT_VARIANT, ...variant },
    limits: { ...DEFAULT_LIMITS, ...limits },
  };
  validate(options);
  return options;
}

function validate(options: SimOptions): void {
  const check = (name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new SimUsageError(`${name}: expected a number from ${min} to ${max}, got ${value}`);
    }
  };
  check('port', options.port, 0, 65_535);
  check('startupMs', options.startupMs, 0);
  check('eventSpacingMs', options.eventSpacingMs, 0);
  check('heartbeatMs', options.heartbeatMs, 0);
  check('maxPayloadBytes', options.maxPayloadBytes, 1);
  for (const [name, value] of Object.entries(options.limits)) check(`limits.${name}`, value, 1);
  if (options.latency) {
    check('latency.ms', options.latency.ms, 0);
    check('latency.jitterMs', options.latency.jitterMs, 0);
  }
  if (options.jwtSecret === '') throw new SimUsageError('jwtSecret: must not be empty');
  if (!options.wsPath.startsWith('/')) throw new SimUsageError("wsPath: must start with '/'");
}
