// One concurrency measurement in a fresh process, so that its peak RSS is its own:
// N users connect, get the welcome, complete one agent run and close, all at once.
//   mode "gate": the suite's concurrency/concurrent-user-runs test through runGate
//   mode "bare": bench/bare-client.mjs doing the same on the wire
// Prints one JSON line: { mode, n, wallMs, sessionsPerSec, errors, peakRssMb, ... }.
import { parseSettings } from '../.bench-tmp/src/config/parse-settings.js';
import { runGate } from '../.bench-tmp/src/pipeline/run-gate.js';
import { bareSession, mintToken } from './bare-client.mjs';

const TEST_ID = 'concurrency/concurrent-user-runs';
// bounded even if the benchmark that started it dies without killing it
setTimeout(() => process.exit(2), 90_000).unref();
const { mode, n, baseUrl, wsUrl, secret } = JSON.parse(process.argv[2]);
const idleRssMb = process.memoryUsage().rss / 2 ** 20;
const cpuAt = process.cpuUsage();

async function gate() {
  const settings = parseSettings({
    'base-url': baseUrl,
    'ws-url': wsUrl,
    'jwt-secret': secret,
    tests: TEST_ID,
    retries: '0',
    'wait-for-ready': '5',
    timeout: '120',
    comment: 'off',
    // the input accepts up to 1,000 users (config/parse-settings.ts), the most the bench asks
    'concurrent-users': String(n),
  });
  const results = await runGate(settings);
  const test = results.tests.find((t) => t.id === TEST_ID);
  if (!test) throw new Error(`${TEST_ID} was not run`);
  const failedUsers = /(\d+) of \d+ concurrent users failed/.exec(test.failure?.message ?? '');
  return {
    wallMs: test.durationMs,
    status: test.status,
    // a passing test tolerates up to 1 % failed users without naming them: the parent
    // counts those from the service's side (runs completed)
    errors: failedUsers ? Number(failedUsers[1]) : test.status === 'passed' ? 0 : n,
    failure: test.failure?.message,
  };
}

async function bare() {
  const started = performance.now();
  // each user mints its token and then connects, as the gate's test does
  const outcomes = await Promise.allSettled(
    Array.from({ length: n }, async (_, i) => {
      const token = await mintToken(secret, i + 1);
      await bareSession(wsUrl, token, `bench load ${i + 1}`, 30_000);
    }),
  );
  const failed = outcomes.filter((o) => o.status === 'rejected');
  return {
    wallMs: performance.now() - started,
    status: failed.length === 0 ? 'passed' : 'failed',
    errors: failed.length,
    failure: failed[0]?.reason?.message,
  };
}

const outcome = mode === 'gate' ? await gate() : await bare();
const cpu = process.cpuUsage(cpuAt);
const result = {
  mode,
  n,
  ...outcome,
  sessionsPerSec: outcome.wallMs > 0 ? n / (outcome.wallMs / 1000) : 0,
  idleRssMb,
  cpuMs: (cpu.user + cpu.system) / 1000,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
