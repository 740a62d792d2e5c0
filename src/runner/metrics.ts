/**
 * Metric samples → MetricResult[]. Every metric the protocol measures is reported, measured or
 * not: `no-data` says "never measured", which must never read as "met".
 *
 * Samples recorded by an attempt that later failed still count: they are real round trips
 * the service served, and dropping them would hide slowness exactly when tests fail.
 */
import { AGENT_WS_METRICS, type MetricName, type MetricResult, type TestResult } from '../model.js';
import type { MetricSink } from '../suite/types.js';
import { Histogram } from './histogram.js';

export class MetricRecorder implements MetricSink {
  private readonly histograms = new Map<MetricName, Histogram>();

  record(name: MetricName, valueMs: number): void {
    this.histogram(name).record(valueMs);
  }

  /** the live histogram of one metric (created empty on first use) */
  histogram(name: MetricName): Histogram {
    let h = this.histograms.get(name);
    if (!h) {
      h = new Histogram();
      this.histograms.set(name, h);
    }
    return h;
  }

  merge(other: MetricRecorder): this {
    for (const [name, h] of other.histograms) this.histogram(name).merge(h);
    return this;
  }
}

/** `names`: the metrics the run's protocol measures (results.json lists exactly these). */
export function finalizeMetrics(
  recorder: MetricRecorder,
  targets: Record<MetricName, number>,
  names: readonly MetricName[] = AGENT_WS_METRICS,
): MetricResult[] {
  return names.map((name) => metricResult(name, recorder.histogram(name), targets[name]));
}

/**
 * Merges the metrics of several shards from their histograms (never by averaging
 * percentiles). A shard result with samples but no histogram cannot be merged honestly and
 * is an error naming the metric.
 */
export function mergeMetricResults(
  shards: readonly (readonly MetricResult[])[],
  targets: Record<MetricName, number>,
): MetricResult[] {
  const recorder = new MetricRecorder();
  // the metrics the shards' protocol measures, in their order
  const names = [...new Set(shards.flatMap((results) => results.map((r) => r.name)))];
  shards.forEach((results, shard) => {
    for (const result of results) {
      if (result.histogram) {
        recorder.histogram(result.name).merge(Histogram.fromData(result.histogram));
      } else if (result.samples > 0) {
        throw new Error(
          `metric ${result.name} of shard ${shard + 1} has ${result.samples} samples but no histogram to merge`,
        );
      }
    }
  });
  return finalizeMetrics(recorder, targets, names.length > 0 ? names : undefined);
}

function metricResult(name: MetricName, h: Histogram, target: number): MetricResult {
  if (h.count === 0) return { name, samples: 0, target, status: 'no-data' };
  const p50 = roundTenth(h.percentile(50) ?? 0);
  const p95 = roundTenth(h.percentile(95) ?? 0);
  return {
    name,
    samples: h.count,
    p50,
    p95,
    max: roundTenth(h.max ?? 0),
    target,
    // Judged on the reported value, so the report never shows "p95 50.0, target 50: breached".
    status: p95 <= target ? 'met' : 'breached',
    histogram: h.toData(),
  };
}

function roundTenth(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * Performance tests judged by the metric table: a test that stands for a metric fails with
 * `performance_breach` exactly when that metric is `breached` (and `perf-gate` is `fail`),
 * citing the table's p95. One number per metric, judged once: the report cannot show a
 * failed performance test beside its metric `met`, nor the reverse. A test whose body
 * failed on its own (a 503, a run that broke) keeps that failure. Idempotent, and undoes
 * its own verdict when the table changes (a merge of shards re-judges every test).
 *
 * `metricOf` names the metric of each performance test by id; a result that already
 * carries `metric` (from a shard's results.json) needs no entry.
 */
export function judgeByMetrics(
  tests: readonly TestResult[],
  metrics: readonly MetricResult[],
  perfGate: 'fail' | 'warn' | 'off',
  metricOf: Readonly<Record<string, MetricName>> = {},
): TestResult[] {
  const byName = new Map(metrics.map((m) => [m.name, m]));
  return tests.map((test) => {
    const name = Object.hasOwn(metricOf, test.id) ? metricOf[test.id] : test.metric;
    if (name === undefined || test.status === 'skipped') return test;
    const tagged: TestResult = { ...test, metric: name };
    const judged = test.status === 'failed' && test.failure?.category === 'performance_breach';
    if (test.status === 'failed' && !judged) return tagged;
    const m = byName.get(name);
    if (m && m.status === 'breached' && perfGate === 'fail') {
      return {
        ...tagged,
        status: 'failed',
        failure: {
          category: 'performance_breach',
          message: breachMessage(m),
          ...(m.p95 !== undefined ? { elapsedMs: m.p95 } : {}),
        },
      };
    }
    if (judged) {
      const { failure: _undone, ...rest } = tagged;
      return { ...rest, status: 'passed' };
    }
    return tagged;
  });
}

/** Test id → the metric it stands for, from the tests that declare one (`SuiteTest.metric`). */
export function metricOfTests(
  tests: readonly { id: string; metric?: MetricName }[],
): Record<string, MetricName> {
  const out: Record<string, MetricName> = {};
  for (const t of tests) if (t.metric !== undefined) out[t.id] = t.metric;
  return out;
}

function breachMessage(m: MetricResult): string {
  return `${m.name}: p95 ${m.p95 ?? '?'} ms over ${m.samples} sample${m.samples === 1 ? '' : 's'} of the run (max ${m.max ?? '?'} ms) > target ${m.target} ms: target exceeded`;
}
