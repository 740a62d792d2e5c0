/**
 * The engine both the action and the CLI run: readiness → selection → suite → metrics →
 * results (with the verdict). It knows nothing of GitHub or terminals: progress goes out
 * through `onProgress`, tokens through `onSecret` so the caller can mask them first.
 */
import { createHttpClient } from '../client/http.js';
import { probeHealth } from '../client/health.js';
import { secretsOf } from '../config/redact.js';
import type { Settings } from '../config/settings.js';
import type { Readiness, Results, TestResult } from '../model.js';
import { systemClock, type Clock } from '../runner/clock.js';
import {
  finalizeMetrics,
  judgeByMetrics,
  metricOfTests,
  MetricRecorder,
} from '../runner/metrics.js';
import { waitForReady, type ReadinessProgress } from '../runner/readiness.js';
import { runSuite, type SuiteProgressEvent } from '../runner/run-suite.js';
import { resolveCritical, selectTests } from '../runner/select.js';
import type { HttpClient } from '../client/http.js';
import type { LeftOut, ProtocolSuite, ReadinessProbe } from '../suite/protocol-suite.js';
import { protocolSuite } from '../suite/protocols.js';
import { scenarioMetrics, withScenarios } from '../suite/scenarios/module.js';
import type { SuiteTest } from '../suite/types.js';
import { buildResults } from '../verdict/index.js';
import { checkCredentials, skipReasonFor } from './skip.js';

export type GateProgress =
  | { type: 'readiness'; progress: ReadinessProgress }
  | { type: 'ready'; readiness: Readiness }
  | { type: 'selected'; total: number; modules: number }
  | { type: 'run'; event: SuiteProgressEvent };

export interface RunGateOptions {
  onProgress?: (event: GateProgress) => void;
  /** every secret and minted token, before its first use */
  onSecret?: (secret: string) => void;
  commit?: string;
  runUrl?: string;
  /** the non-secret command line that reproduces this run */
  reproduce?: string;
  clock?: Clock;
  /** wall clock for `startedAt` */
  now?: () => Date;
  /**
   * Cancels the run (its reason, e.g. `SIGTERM`, is the cause the verdict names): readiness
   * and running tests are abandoned, finished tests keep their results, the rest are
   * skipped, and the results come back at once, verdict `inconclusive`.
   */
  signal?: AbortSignal;
  /** the selection the caller already made (and checked) with `selectForSettings` */
  selection?: Selection;
}

/** The skip reason of a test that a cancel kept from running or finishing. */
export const CANCELLED_SKIP = 'not run: the run was cancelled';

const ABANDONED = Symbol('cancelled');

/** `work`, or ABANDONED as soon as `signal` aborts; a late rejection of `work` is swallowed. */
function unlessCancelled<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T | typeof ABANDONED> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.resolve(ABANDONED);
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(ABANDONED);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) resolve(ABANDONED);
        else reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

function causeOf(signal: AbortSignal | undefined): string {
  const r: unknown = signal?.reason;
  return typeof r === 'string' ? r : r instanceof Error && r.name ? r.name : 'cancelled';
}

/** Time kept back from the global timeout for writing files and the report. */
const FINISH_RESERVE_MS = 2_000;

/** What a run tests: the protocol's suite, the selected tests, and what the protocol cannot carry. */
export interface Selection {
  suite: ProtocolSuite;
  tests: SuiteTest[];
  moduleTitles: Record<string, string>;
  leftOut: LeftOut[];
}

/**
 * Selects the tests first so that a selection naming nothing, or needing credentials that
 * were not given, fails as a bad input before any request is sent.
 */
export function selectForSettings(settings: Settings): Selection {
  const suite = protocolSuite(settings.protocolId);
  // declared scenarios run beside the protocol's own tests, selected like them
  const modules = withScenarios(suite.modules(settings), settings.protocol.scenarios, {
    requestTimeoutMs: settings.protocol.requestTimeoutMs,
    runWithinMs: settings.protocol.timing.runWithinMs,
  });
  const moduleTitles: Record<string, string> = {};
  for (const m of modules) moduleTitles[m.id] = m.title;
  const all = modules.flatMap((m) => m.tests) as SuiteTest[];
  const selection = {
    priorities: settings.priorities,
    modules: settings.modules,
    tests: settings.tests,
    ...(settings.shard ? { shard: settings.shard } : {}),
  };
  const tests = selectTests(all, selection);
  checkCredentials(tests, settings.auth);
  return { suite, tests, moduleTitles, leftOut: suite.leftOut?.(settings) ?? [] };
}

export async function runGate(settings: Settings, opts: RunGateOptions = {}): Promise<Results> {
  const clock = opts.clock ?? systemClock;
  const startedAt = (opts.now ?? (() => new Date()))().toISOString();
  const t0 = clock.now();
  const deadline = t0 + settings.timeoutSec * 1000;
  const emit = (e: GateProgress): void => {
    if (opts.signal?.aborted) return; // abandoned tests may still report; nobody listens
    try {
      opts.onProgress?.(e);
    } catch {
      // progress printing must never change the run
    }
  };
  const secrets = secretsOf(settings);
  for (const s of secrets) opts.onSecret?.(s);

  const { suite, tests, moduleTitles, leftOut } = opts.selection ?? selectForSettings(settings);
  emit({
    type: 'selected',
    total: tests.length,
    modules: new Set(tests.map((t) => t.module)).size,
  });

  const http = createHttpClient({
    baseUrl: settings.baseUrl,
    timeoutMs: settings.protocol.requestTimeoutMs,
    secrets,
  });
  const readinessProbe = readinessFor(settings, suite, http);
  const waitSec = Math.max(
    0,
    Math.min(settings.waitForReadySec, (deadline - t0 - FINISH_RESERVE_MS) / 1000),
  );
  const waited = await unlessCancelled(
    waitForReady({
      probe: (signal) => readinessProbe.probe(signal),
      waitForReadySec: waitSec,
      versionField: readinessProbe.versionField,
      clock,
      target: readinessProbe.target,
      // one probe may take a request's timeout, but never the run's finishing reserve
      probeTimeoutMs: Math.min(
        settings.protocol.requestTimeoutMs,
        Math.max(1000, deadline - clock.now() - FINISH_RESERVE_MS),
      ),
      ...(settings.expectedVersion ? { expectedVersion: settings.expectedVersion } : {}),
      onProgress: (progress) => emit({ type: 'readiness', progress }),
    }),
    opts.signal,
  );
  http.close();
  const readiness: Readiness =
    waited === ABANDONED
      ? {
          ready: false,
          message: 'cancelled while waiting for the service to be ready',
          waitedMs: clock.now() - t0,
          polls: 0,
        }
      : waited;
  emit({ type: 'ready', readiness });

  let results: TestResult[];
  let toolCalls: Results['toolCalls'];
  const recorder = new MetricRecorder();
  /** set only when the cancel abandoned work: a run that had finished keeps its verdict */
  let cancelled: string | undefined;
  if (waited === ABANDONED) {
    cancelled = causeOf(opts.signal);
    results = tests.map((t) => ungraded(t, settings, CANCELLED_SKIP));
  } else if (!readiness.ready) {
    // Never grade the previous or a half-started build: every selected test is left ungraded.
    results = tests.map((t) => ungraded(t, settings, `not graded: ${readiness.message}`));
  } else {
    const factory = suite.createContext(settings, opts.onSecret ? { onSecret: opts.onSecret } : {});
    const finished = new Map<string, TestResult>();
    try {
      const run = await unlessCancelled(
        runSuite({
          tests,
          createContext: factory,
          concurrency: settings.concurrency,
          retries: settings.retries,
          deadlineMs: Math.max(0, deadline - clock.now() - FINISH_RESERVE_MS),
          criticalGlobs: settings.criticalTests,
          skip: (t) => skipReasonFor(t, settings.auth),
          clock,
          metrics: recorder,
          onEvent: (event) => {
            if (event.type === 'test-end') finished.set(event.result.id, event.result);
            emit({ type: 'run', event });
          },
        }),
        opts.signal,
      );
      // Cancelled: what finished keeps its result; what was running or waiting did not run.
      if (run === ABANDONED) cancelled = causeOf(opts.signal);
      results =
        run === ABANDONED
          ? tests.map((t) => finished.get(t.id) ?? ungraded(t, settings, CANCELLED_SKIP))
          : run.results;
      toolCalls = factory.toolCalls?.();
    } finally {
      factory.close();
    }
  }

  // One p95 per metric: the performance tests take their metric's verdict from the table.
  const metrics = finalizeMetrics(recorder, settings.perfTargets, [
    ...new Set([...suite.metrics, ...scenarioMetrics(settings.protocol.scenarios)]),
  ]);
  return buildResults(
    {
      tests: judgeByMetrics(results, metrics, settings.perfGate, metricOfTests(tests)),
      metrics,
      readiness,
      target: {
        baseUrl: settings.baseUrl,
        wsUrl: settings.wsUrl,
        ...(readiness.version !== undefined ? { version: readiness.version } : {}),
        protocol: settings.protocolId,
      },
      ...(leftOut.length > 0 ? { leftOut } : {}),
      ...(toolCalls ? { toolCalls } : {}),
      startedAt,
      durationMs: clock.now() - t0,
      moduleTitles,
      ...(opts.commit ? { commit: opts.commit } : {}),
      ...(opts.runUrl ? { runUrl: opts.runUrl } : {}),
      ...(settings.shard ? { shard: settings.shard } : {}),
      ...(opts.reproduce ? { reproduce: opts.reproduce } : {}),
      ...(cancelled !== undefined ? { cancelled } : {}),
      selection: {
        priority: settings.priorities,
        modules: settings.modules,
        tests: settings.tests,
      },
    },
    settings,
  );
}

function ungraded(test: SuiteTest, settings: Settings, reason: string): TestResult {
  return {
    id: test.id,
    module: test.module,
    title: test.title,
    priority: test.priority,
    critical: resolveCritical(test, settings.criticalTests),
    status: 'skipped',
    durationMs: 0,
    attempts: 0,
    skipReason: reason,
  };
}

/**
 * `health-path` when set (agent-ws: `/health` by default), else the protocol's own way of
 * saying it is up (the agent card, `initialize`, an answer from the agent endpoint).
 */
function readinessFor(settings: Settings, suite: ProtocolSuite, http: HttpClient): ReadinessProbe {
  if (settings.healthPath !== undefined || !suite.readiness) {
    const path = settings.healthPath ?? settings.protocol.paths.health;
    const probe = probeHealth(http, {
      ...settings.protocol,
      paths: { ...settings.protocol.paths, health: path },
    });
    return { target: path, versionField: settings.versionField, probe: () => probe() };
  }
  return suite.readiness(settings, http);
}
