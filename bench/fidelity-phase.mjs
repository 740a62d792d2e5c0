// 2. Measurement fidelity: with `slow-pong:40` and `slow-api:40` the service adds exactly
// 40 ms to every pong and every /api/* response. The gate's p50 of ws_latency_ms and
// api_response_ms should then be 40 ms plus the raw loopback round trip, which a bare
// client measures in the same run against a fault-free sim. The bare client against the
// faulty sim is reported too: it separates the gate's own overhead from the sim's timer
// overshoot, which the goal's formula counts as error.
import { barePings, bareGets, mintToken } from './bare-client.mjs';
import { startSimProcess } from './children.mjs';
import { DEFAULT_SIM_SECRET, Histogram, notPassed, runGateOn } from './gate.mjs';
import { percentile } from './stats.mjs';

export const INJECTED_MS = 40;
const GATE_ROUNDS = 3;
const BARE_SAMPLES = 40;
const TESTS = 'performance/ws-latency,performance/api-response-time';

/** Bare ping and GET samples against `sim`; GETs on /api/health, which slow-api delays. */
async function bareSamples(sim, token) {
  return {
    ws: await barePings(sim.wsUrl, token, BARE_SAMPLES),
    api: await bareGets(sim.baseUrl, '/api/health', BARE_SAMPLES),
  };
}

export async function fidelityPhase() {
  const sims = await Promise.all([
    startSimProcess({ heartbeatMs: 0 }),
    startSimProcess({
      heartbeatMs: 0,
      faults: [`slow-pong:${INJECTED_MS}`, `slow-api:${INJECTED_MS}`],
    }),
  ]);
  const [healthy, slow] = sims;
  try {
    const token = await mintToken(DEFAULT_SIM_SECRET, 1);
    // raw round trips before and after the gate, so that drift during the run averages out
    const rawBefore = await bareSamples(healthy, token);
    const merged = { ws_latency_ms: new Histogram(), api_response_ms: new Histogram() };
    const problems = [];
    for (let i = 0; i < GATE_ROUNDS; i++) {
      const { results } = await runGateOn(slow, { tests: TESTS });
      problems.push(...notPassed(results));
      for (const m of results.metrics) merged[m.name]?.merge(Histogram.fromData(m.histogram));
    }
    const bareSlow = await bareSamples(slow, token);
    const rawAfter = await bareSamples(healthy, token);
    const raw = { ws: [...rawBefore.ws, ...rawAfter.ws], api: [...rawBefore.api, ...rawAfter.api] };

    const line = (metric, rawSamples, bareSlowSamples) => {
      const gateP50 = merged[metric].percentile(50) ?? NaN;
      const rawP50 = percentile(rawSamples, 50);
      const bareP50 = percentile(bareSlowSamples, 50);
      return {
        gateP50,
        gateSamples: merged[metric].count,
        rawP50,
        expected: INJECTED_MS + rawP50,
        errorMs: gateP50 - (INJECTED_MS + rawP50),
        bareSlowP50: bareP50,
        overBareMs: gateP50 - bareP50,
      };
    };
    return {
      ws: line('ws_latency_ms', raw.ws, bareSlow.ws),
      api: line('api_response_ms', raw.api, bareSlow.api),
      problems: [...new Set(problems)],
    };
  } finally {
    await Promise.all(sims.map((s) => s.close()));
  }
}
