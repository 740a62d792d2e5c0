// The engine as the action runs it (runGate on validated Settings), pointed at a sim
// process. Imported only after bench/compile.mjs has transpiled src/ into .bench-tmp/.
import { parseSettings } from '../.bench-tmp/src/config/parse-settings.js';
import { runGate } from '../.bench-tmp/src/pipeline/run-gate.js';
import { Histogram } from '../.bench-tmp/src/runner/histogram.js';
import { DEFAULT_SIM_SECRET } from '../.bench-tmp/src/sim/index.js';

export { DEFAULT_SIM_SECRET, Histogram };

/**
 * Targets no healthy run can miss: a performance test that loses its target stops sampling
 * early, which would shorten the very suite whose wall time is being measured.
 */
const LOOSE_TARGETS =
  'api_response_ms=60000,ws_latency_ms=60000,agent_startup_ms=60000,message_processing_ms=60000';

/** Runs the gate against `sim` with action inputs `inputs`; returns results, settings and wall ms. */
export async function runGateOn(sim, inputs) {
  const settings = parseSettings({
    'base-url': sim.baseUrl,
    'ws-url': sim.wsUrl,
    'jwt-secret': DEFAULT_SIM_SECRET,
    retries: '0',
    'wait-for-ready': '10',
    timeout: '120',
    comment: 'off',
    'perf-targets': LOOSE_TARGETS,
    ...inputs,
  });
  const started = performance.now();
  const results = await runGate(settings);
  return { results, settings, wallMs: performance.now() - started };
}

/** Names of the tests that did not pass, with the first line of why. */
export function notPassed(results) {
  return results.tests
    .filter((t) => t.status !== 'passed')
    .map((t) => `${t.id}: ${t.status}${t.failure ? ` (${t.failure.message.split('\n')[0]})` : ''}`);
}
