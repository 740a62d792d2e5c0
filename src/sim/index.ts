/** The reference agent service (PROTOCOL.md), for tests, the demo, benchmarks and `staging-gate sim`. */
export { startSim, type SimHandle } from './server.js';
export {
  DEFAULT_SIM_SECRET,
  DEFAULT_LIMITS,
  DEFAULT_VARIANT,
  type SimAuthTransport,
  type SimInit,
  type SimLatency,
  type SimLimits,
  type SimOptions,
  type SimVariant,
} from './options.js';
export { FAULTS, faultSyntax, parseFaults, type FaultInfo, type FaultName } from './faults.js';
export { SimUsageError } from './usage-error.js';
export type { SimStats } from './stats.js';
export { AGENTS, DEFAULT_AGENT, MCP_SERVERS } from './agents.js';
export { runSimCommand, SIM_USAGE } from './command.js';
