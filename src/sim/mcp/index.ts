/** The MCP reference server, for tests, the demo, benchmarks and `staging-gate sim --protocol mcp`. */
export {
  startMcpSim,
  MCP_PATH,
  type McpSimHandle,
  type McpSimInit,
  type McpSimVariant,
} from './server.js';
export { MCP_FAULTS, parseMcpFaults, type McpFaultInfo } from './faults.js';
export { SIM_TOOLS } from './tools.js';
export type { ToolCallRecord } from './methods.js';
