// 1. Suite wall time vs its critical path: the P1 suite against the sim with 40 ms latency
// on every HTTP response and server frame. The ideal scheduler finishes when its longest
// test does; wall ÷ that test's duration says how close the runner gets. The same suite at
// concurrency 1 gives the speed-up that concurrency buys.
import { startSimProcess } from './children.mjs';
import { notPassed, runGateOn } from './gate.mjs';
import { median } from './stats.mjs';

const PARALLEL_RUNS = 3;

function summarize({ results, settings, wallMs }) {
  const longest = results.tests.reduce((a, t) => (t.durationMs > a.durationMs ? t : a));
  return {
    concurrency: settings.concurrency,
    wallMs,
    criticalPathMs: longest.durationMs,
    longestTest: longest.id,
    sumOfTestsMs: results.tests.reduce((s, t) => s + t.durationMs, 0),
    tests: results.tests.length,
    readinessMs: results.readiness.waitedMs ?? 0,
    problems: notPassed(results),
  };
}

export async function suitePhase() {
  const sim = await startSimProcess({ latency: { ms: 40, jitterMs: 0 }, heartbeatMs: 0 });
  try {
    const parallel = [];
    for (let i = 0; i < PARALLEL_RUNS; i++) {
      parallel.push(summarize(await runGateOn(sim, { priority: '1' })));
    }
    const sequential = summarize(await runGateOn(sim, { priority: '1', concurrency: '1' }));
    // the run with the median ratio stands for the three, with its own wall and critical path
    const ratios = parallel.map((p) => p.wallMs / p.criticalPathMs);
    const mid = median(ratios);
    const chosen = parallel[ratios.findIndex((r) => r === mid)] ?? parallel[0];
    return {
      concurrency: chosen.concurrency,
      parallel: chosen,
      parallelWalls: parallel.map((p) => p.wallMs),
      wallOverCriticalPath: chosen.wallMs / chosen.criticalPathMs,
      sequential,
      sequentialOverParallel: sequential.wallMs / median(parallel.map((p) => p.wallMs)),
      problems: [...new Set([...parallel.flatMap((p) => p.problems), ...sequential.problems])],
    };
  } finally {
    await sim.close();
  }
}
