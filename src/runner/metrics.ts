/**
 * Metric samples → MetricResult[]. Every metric the protocol measures is reported, measured or
 * not: `no-data` says "never measured", which must never read as "met".
 *
 * Samples recorded by an attempt that later failed still count: they are real round trips
 * the service served, and dropping them would hide slowness exactly when tests fail.
 */
import { AGENT_WS_METRICS, type MetricName, type MetricResult } from '../model.js';
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
  return finalizeMetrics(recorder, targets);
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
