import { describe, expect, it } from 'vitest';
import { DEFAULT_PERF_TARGETS } from '../../src/config/settings.js';
import type { MetricResult } from '../../src/model.js';
import { finalizeMetrics, mergeMetricResults, MetricRecorder } from '../../src/runner/metrics.js';

const targets = { ...DEFAULT_PERF_TARGETS, ws_latency_ms: 50 };

function byName(results: MetricResult[], name: MetricResult['name']): MetricResult {
  const found = results.find((r) => r.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe('finalizeMetrics', () => {
  it('reports all four metrics; unmeasured ones are no-data, never met', () => {
    const results = finalizeMetrics(new MetricRecorder(), targets);
    expect(results.map((r) => r.name)).toEqual([
      'api_response_ms',
      'ws_latency_ms',
      'agent_startup_ms',
      'message_processing_ms',
    ]);
    for (const r of results) {
      expect(r).toEqual({
        name: r.name,
        samples: 0,
        target: targets[r.name as keyof typeof targets],
        status: 'no-data',
      });
    }
  });

  it('met when p95 ≤ target, breached above, with p50/p95/max rounded to 0.1 ms', () => {
    const recorder = new MetricRecorder();
    for (let i = 1; i <= 20; i++) recorder.record('ws_latency_ms', i * 2.5); // 2.5 … 50
    for (let i = 1; i <= 20; i++) recorder.record('api_response_ms', i * 10); // 10 … 200
    const results = finalizeMetrics(recorder, targets);

    const ws = byName(results, 'ws_latency_ms');
    expect(ws).toMatchObject({
      samples: 20,
      p50: 25,
      p95: 47.5,
      max: 50,
      target: 50,
      status: 'met',
    });
    expect(ws.histogram?.count).toBe(20);

    const api = byName(results, 'api_response_ms');
    expect(api).toMatchObject({ samples: 20, max: 200, status: 'breached' });
    expect(api.p50).toBeCloseTo(100, 0); // within the 0.4 % bucket midpoint error
    expect(api.p95).toBeCloseTo(190, 0);
    expect(byName(results, 'agent_startup_ms').status).toBe('no-data');
  });

  it('merging shard results equals finalizing all samples at once', () => {
    const values = Array.from({ length: 90 }, (_, i) => ((i * 37) % 101) + 0.3);
    const all = new MetricRecorder();
    const shards = [new MetricRecorder(), new MetricRecorder(), new MetricRecorder()];
    values.forEach((v, i) => {
      all.record('agent_startup_ms', v);
      shards[i % 3].record('agent_startup_ms', v);
    });
    // results.json round trip: shards are merged from what they wrote, not from live objects
    const written = shards.map(
      (s) => JSON.parse(JSON.stringify(finalizeMetrics(s, targets))) as MetricResult[],
    );
    expect(mergeMetricResults(written, targets)).toEqual(finalizeMetrics(all, targets));
  });

  it('refuses to merge a shard that has samples but no histogram', () => {
    const bare: MetricResult = {
      name: 'ws_latency_ms',
      samples: 3,
      p95: 10,
      target: 50,
      status: 'met',
    };
    expect(() => mergeMetricResults([[bare]], targets)).toThrow(
      /ws_latency_ms of shard 1 has 3 samples/,
    );
  });
});
