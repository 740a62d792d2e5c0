/** The reference AG-UI service, for tests, the demo, benchmarks and `staging-gate sim --protocol ag-ui`. */
export {
  startAgUiSim,
  DEFAULT_AG_UI_VARIANT,
  type AgUiSimHandle,
  type AgUiSimInit,
  type AgUiSimVariant,
} from './server.js';
export {
  AG_UI_FAULTS,
  agUiFaultSyntax,
  parseAgUiFaults,
  type AgUiFaultInfo,
  type AgUiFaultName,
} from './faults.js';
export { ANSWER, wantsTool } from './script.js';
