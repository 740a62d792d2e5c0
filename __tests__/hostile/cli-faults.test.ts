/**
 * Hostile and broken services against the bundled CLI: whatever the service does, the
 * process ends in bounded time and memory, exits 1 or 2 (never 0), writes a results.json
 * that keeps INTERFACE.md §3 with a non-pass verdict and the category that names the
 * fault, and never dies of an uncaught exception. Every scenario runs at once, each its own
 * child process against its own endpoint.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailureCategory } from '../../src/model.js';
import { startSim } from '../../src/sim/index.js';
import { refusedPort, untrustedTls, type Endpoint } from './hostile-endpoints.js';
import { resultsProblems } from './results-contract.js';
import { CLI_ENTRY, runCli, stackFrames, type CliRun } from './run-cli.js';

/** Not the sim's default: a secret that leaked anywhere would be this one. */
const SECRET = `hostile-${randomBytes(24).toString('hex')}`;
const TIMEOUT_SEC = 15;
/** the CLI's promise: done within its --timeout, plus this for startup and writing files */
const GRACE_MS = 10_000;
const MAX_RSS_MB = 300;

type ReadinessCategory = 'service_unavailable' | 'connection_failed';

interface Scenario {
  name: string;
  start(): Promise<Endpoint>;
  /** --wait-for-ready (default 2) */
  waitSec?: number;
  /** unready services: never graded, the readiness category and what its message says */
  unready?: { category: readonly ReadinessCategory[]; says: RegExp };
  /** graded runs: tests that must fail, with their category */
  failing?: Record<string, FailureCategory>;
  /** graded runs: every failed test has one of these */
  onlyCategories?: readonly FailureCategory[];
  /** faults that try to eat memory */
  boundedMemory?: boolean;
}

const simWith = (fault: string) => async (): Promise<Endpoint> => {
  const sim = await startSim({ jwtSecret: SECRET, faults: [fault], heartbeatMs: 0 });
  return { baseUrl: sim.baseUrl, close: () => sim.close() };
};

const SCENARIOS: Scenario[] = [
  {
    name: 'garbage-frames',
    start: simWith('garbage-frames'),
    failing: {
      'websocket-events/agent-event-flow': 'protocol_violation',
      'message-flow/user-message-run': 'protocol_violation',
    },
    onlyCategories: ['protocol_violation'],
  },
  {
    name: 'oversized-frame',
    start: simWith('oversized-frame'),
    failing: {
      'websocket-events/agent-event-flow': 'protocol_violation',
      'message-flow/user-message-run': 'protocol_violation',
    },
    onlyCategories: ['protocol_violation'],
    boundedMemory: true,
  },
  {
    name: 'hang',
    start: simWith('hang'),
    unready: { category: ['service_unavailable'], says: /no answer/ },
  },
  {
    // the readiness wait asked for is far longer than the run may take: --timeout wins
    name: 'hang, waiting longer than --timeout',
    start: simWith('hang'),
    waitSec: 120,
    unready: { category: ['service_unavailable'], says: /no answer/ },
  },
  {
    name: 'slowloris',
    start: simWith('slowloris'),
    unready: { category: ['service_unavailable'], says: /no answer/ },
  },
  {
    name: 'reset-mid-run',
    start: simWith('reset-mid-run'),
    failing: {
      'websocket-events/agent-event-flow': 'connection_failed',
      'message-flow/user-message-run': 'connection_failed',
    },
    onlyCategories: ['connection_failed', 'ws_abnormal_close'],
  },
  {
    name: 'tls-error',
    start: untrustedTls,
    unready: {
      category: ['connection_failed'],
      says: /self[- ]signed certificate|DEPTH_ZERO_SELF_SIGNED_CERT/,
    },
  },
  {
    name: 'refused',
    start: refusedPort,
    unready: { category: ['connection_failed'], says: /ECONNREFUSED/ },
  },
  {
    name: 'redirect-loop',
    start: simWith('redirect-loop'),
    unready: { category: ['service_unavailable'], says: /\b302\b/ },
  },
  {
    // readiness only asks whether it is up; the tests judge the content type
    name: 'wrong-content-type',
    start: simWith('wrong-content-type'),
    failing: {
      'health/service-healthy-with-version': 'protocol_violation',
      'critical-path/critical-api-endpoints': 'protocol_violation',
      'agent-pipeline/execute-unknown-agent': 'protocol_violation',
    },
    onlyCategories: ['protocol_violation'],
  },
  {
    name: 'huge-json',
    start: simWith('huge-json'),
    failing: {
      'health/api-health': 'protocol_violation',
      'critical-path/critical-api-endpoints': 'protocol_violation',
    },
    onlyCategories: ['protocol_violation'],
    boundedMemory: true,
  },
];

interface Outcome {
  run: CliRun;
  baseUrl: string;
  results?: Record<string, unknown>;
  resultsError?: string;
}

const outcomes = new Map<string, Outcome>();

async function play(scenario: Scenario): Promise<Outcome> {
  const endpoint = await scenario.start();
  try {
    const run = await runCli({
      args: [
        '--base-url',
        endpoint.baseUrl,
        '--jwt-secret-env',
        'SG_HOSTILE_SECRET',
        '--timeout',
        String(TIMEOUT_SEC),
        '--wait-for-ready',
        String(scenario.waitSec ?? 2),
        // a loaded machine must not turn a latency target into the failure under test
        '--perf-gate',
        'warn',
      ],
      env: { SG_HOSTILE_SECRET: SECRET },
      killAfterMs: TIMEOUT_SEC * 1000 + 3 * GRACE_MS,
    });
    const outcome: Outcome = { run, baseUrl: endpoint.baseUrl };
    try {
      outcome.results = JSON.parse(
        readFileSync(join(run.resultsDir, 'results.json'), 'utf8'),
      ) as Record<string, unknown>;
    } catch (err) {
      outcome.resultsError = (err as Error).message;
    }
    return outcome;
  } finally {
    await endpoint.close();
  }
}

beforeAll(async () => {
  if (!existsSync(CLI_ENTRY)) throw new Error(`${CLI_ENTRY} is missing: run npm run build`);
  await Promise.all(
    SCENARIOS.map(async (s) => {
      outcomes.set(s.name, await play(s));
    }),
  );
}, 85_000);

afterAll(() => {
  // SG_HOSTILE_REPORT=1 prints what each fault produced (for the README and reviewers)
  if (process.env.SG_HOSTILE_REPORT) {
    for (const [name, o] of outcomes) {
      const readiness = o.results?.readiness as { ready: boolean; category?: string } | undefined;
      const failed = testsOf(o).filter((t) => t.failure);
      const categories = [...new Set(failed.map((t) => t.failure?.category))].join(',');
      console.log(
        `${name.padEnd(36)} exit ${o.run.code} ${String(o.results?.verdict).padEnd(12)} ` +
          `${(o.run.wallMs / 1000).toFixed(1)} s rss ${o.run.peakRssMb?.toFixed(0)} MB ` +
          `${readiness?.ready ? `${failed.length} failed: ${categories}` : `unready: ${readiness?.category}`}`,
      );
    }
  }
  for (const { run } of outcomes.values()) {
    rmSync(dirname(run.resultsDir), { recursive: true, force: true });
  }
});

interface TestEntry {
  id: string;
  status: string;
  failure?: { category: string; message: string };
}

function testsOf(outcome: Outcome): TestEntry[] {
  return (outcome.results?.tests ?? []) as TestEntry[];
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));
}

describe.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (name, scenario) => {
  const outcome = (): Outcome => {
    const o = outcomes.get(name);
    if (!o) throw new Error(`scenario ${name} did not run`);
    return o;
  };

  it('ends within --timeout plus grace, exiting 1 or 2 (never 0)', () => {
    const { run } = outcome();
    const tail = `${run.stdout.slice(-1500)}\n--- stderr ---\n${run.stderr.slice(-1500)}`;
    expect(run.killed, tail).toBe(false);
    expect(run.wallMs, tail).toBeLessThan(TIMEOUT_SEC * 1000 + GRACE_MS);
    expect(run.code, tail).toBe(scenario.unready ? 2 : 1);
  });

  it('writes a results.json that keeps INTERFACE §3, with a non-pass verdict', () => {
    const { results, resultsError } = outcome();
    expect(resultsError).toBeUndefined();
    expect(resultsProblems(results)).toEqual([]);
    expect(results?.verdict).toBe(scenario.unready ? 'inconclusive' : 'fail');
    expect((results?.target as { baseUrl: string }).baseUrl).toBe(outcome().baseUrl);
  });

  if (scenario.unready) {
    const unready = scenario.unready;
    it(`is never graded: readiness ${unready.category.join(' or ')}, saying ${unready.says}`, () => {
      const { results } = outcome();
      const readiness = results?.readiness as { ready: boolean; category: string; message: string };
      expect(readiness.ready).toBe(false);
      expect(unready.category).toContain(readiness.category);
      expect(readiness.message).toMatch(unready.says);
      const tests = testsOf(outcome());
      expect(tests.length).toBeGreaterThan(0);
      expect(tests.filter((t) => t.status !== 'skipped')).toEqual([]);
    });
  } else {
    it('fails the tests the fault breaks, with the category that names it', () => {
      const tests = testsOf(outcome());
      const byId = new Map(tests.map((t) => [t.id, t]));
      for (const [id, category] of Object.entries(scenario.failing ?? {})) {
        const t = byId.get(id);
        expect(t?.status, `${id}: ${JSON.stringify(t?.failure)}`).toBe('failed');
        expect(t?.failure?.category, `${id}: ${t?.failure?.message}`).toBe(category);
      }
      if (scenario.onlyCategories) {
        const others = tests.filter(
          (t) =>
            t.failure !== undefined &&
            !scenario.onlyCategories?.includes(t.failure.category as FailureCategory),
        );
        expect(others.map((t) => `${t.id}: ${t.failure?.category} ${t.failure?.message}`)).toEqual(
          [],
        );
      }
    });
  }

  it('dies of nothing: no stack trace, no warning on stderr', () => {
    const { run } = outcome();
    expect(stackFrames(run.stderr), run.stderr).toEqual([]);
    expect(stackFrames(run.stdout)).toEqual([]);
    expect(run.stderr).not.toMatch(/Warning|Uncaught|Unhandled/);
  });

  it('prints and writes no secret', () => {
    const { run } = outcome();
    for (const text of [run.stdout, run.stderr, ...filesUnder(run.resultsDir)]) {
      expect(text.includes(SECRET)).toBe(false);
    }
  });

  if (scenario.boundedMemory) {
    it(`stays under ${MAX_RSS_MB} MB of resident memory`, () => {
      const { run } = outcome();
      expect(run.peakRssMb, 'the child reported its peak memory').toBeDefined();
      expect(run.peakRssMb).toBeLessThan(MAX_RSS_MB);
    });
  }
});
