/** Everything one running service shares between its HTTP side, WebSocket side and runs. */
import type { VerifyToken } from './auth.js';
import type { ConnectionRegistry } from './connections.js';
import type { ActiveFaults } from './faults.js';
import type { SimOptions } from './options.js';
import type { Readiness } from './readiness.js';
import type { RunEngine } from './run.js';
import type { StatsCounter } from './stats.js';
import type { ThreadStore } from './store.js';
import type { TimerBag } from './timers.js';

export interface SimContext {
  options: SimOptions;
  faults: ActiveFaults;
  store: ThreadStore;
  stats: StatsCounter;
  timers: TimerBag;
  verify: VerifyToken;
  readiness: Readiness;
  connections: ConnectionRegistry;
  runs: RunEngine;
  /** set once the server listens */
  urls: { baseUrl: string; wsUrl: string };
  /** MCP servers listed beyond MCP_SERVERS (the `mcpSim` option's), with their URL */
  listedMcp?: Record<string, unknown>[];
}
