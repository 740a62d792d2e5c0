export { A2A_SIM_PATH, startA2aSim, type A2aSimHandle, type A2aSimInit } from './server.js';
export { A2A_FAULTS, parseA2aFaults, type A2aFaultInfo } from './faults.js';
