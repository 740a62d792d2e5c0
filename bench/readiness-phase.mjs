// 5. Readiness lag: how long after /health turned healthy the first test started. The sim
// (in this process, so both moments are read from one clock) answers 503 for a startup
// window; the gate waits for it as on a real deploy. The windows are spread so that the
// moment of turning healthy falls at different points between two polls. Imported only
// after bench/compile.mjs has transpiled src/ into .bench-tmp/.
import { parseSettings } from '../.bench-tmp/src/config/parse-settings.js';
import { runGate } from '../.bench-tmp/src/pipeline/run-gate.js';
import { DEFAULT_SIM_SECRET, startSim } from '../.bench-tmp/src/sim/index.js';
import { median } from './stats.mjs';

/** Startup windows, ms: 19.9 s of waiting in all, at five phases of the poll cadence. */
const WINDOWS_MS = [1_300, 2_700, 4_100, 5_300, 6_500];

async function once(windowMs) {
  // Read before the sim starts its window, so `healthyAt` is never later than the truth:
  // the lag measured can only err long.
  const startedAt = Date.now();
  const sim = await startSim({ startupMs: windowMs, heartbeatMs: 0 });
  const healthyAt = startedAt + windowMs;
  const polls = [];
  let firstTestAt;
  try {
    const settings = parseSettings({
      'base-url': sim.baseUrl,
      'ws-url': sim.wsUrl,
      'jwt-secret': DEFAULT_SIM_SECRET,
      modules: 'health',
      retries: '0',
      'wait-for-ready': '30',
      timeout: '60',
      comment: 'off',
    });
    const results = await runGate(settings, {
      onProgress: (e) => {
        if (e.type === 'readiness') polls.push(Date.now());
        if (e.type === 'run' && e.event.type === 'test-start') firstTestAt ??= Date.now();
      },
    });
    if (!results.readiness.ready) throw new Error(`not ready: ${results.readiness.message}`);
    if (firstTestAt === undefined) throw new Error('no test started');
  } finally {
    await sim.close();
  }
  const gaps = polls.slice(1).map((t, i) => t - polls[i]);
  return {
    windowMs,
    lagMs: firstTestAt - healthyAt,
    polls: polls.length,
    minGapMs: gaps.length > 0 ? Math.min(...gaps) : NaN,
    pollsPerSec: polls.length > 1 ? (polls.length - 1) / ((polls.at(-1) - polls[0]) / 1000) : 0,
  };
}

export async function readinessPhase() {
  const runs = [];
  for (const windowMs of WINDOWS_MS) runs.push(await once(windowMs));
  const lags = runs.map((r) => r.lagMs);
  return {
    runs,
    medianLagMs: median(lags),
    maxLagMs: Math.max(...lags),
    minPollGapMs: Math.min(...runs.map((r) => r.minGapMs)),
    maxPollsPerSec: Math.max(...runs.map((r) => r.pollsPerSec)),
  };
}
