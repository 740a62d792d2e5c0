import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PERF_TARGETS } from '../../src/config/settings.js';
import type { MetricResult, TestResult } from '../../src/model.js';
import {
  finalizeMetrics,
  judgeByMetrics,
  mergeMetricResults,
  metricOfTests,
  MetricRecorder,
} from '../../src/runner/metrics.js';
import { performanceModule } from '../../src/suite/modules/performance.js';

const PERFORMANCE_METRICS = metricOfTests(performanceModule.tests);

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

describe("one p95 per metric: performance tests take the metric table's verdict", () => {
  const perfTest = (status: TestResult['status'] = 'passed'): TestResult => ({
    id: 'performance/api-response-time',
    module: 'performance',
    title: 'p95 of API round trips is within api_response_ms',
    priority: 1,
    critical: true,
    status,
    durationMs: 100,
    attempts: 1,
  });

  it('every built-in performance test names the metric it stands for', () => {
    expect(Object.values(PERFORMANCE_METRICS).sort()).toEqual(
      ['agent_startup_ms', 'api_response_ms', 'message_processing_ms', 'ws_latency_ms'].sort(),
    );
  });

  it("the seed case: the test's own 20 samples breach, the run's table meets → the test passes", () => {
    // 20 slow samples of the series (exact p95 150 > 100) among 400 fast GETs of other tests
    const recorder = new MetricRecorder();
    for (let i = 0; i < 20; i++) recorder.record('api_response_ms', 150);
    for (let i = 0; i < 400; i++) recorder.record('api_response_ms', 10);
    const metrics = finalizeMetrics(recorder, targets);
    const [judged] = judgeByMetrics([perfTest()], metrics, 'fail', PERFORMANCE_METRICS);
    expect(byName(metrics, 'api_response_ms').status).toBe('met');
    expect(judged.status).toBe('passed');
    expect(judged.metric).toBe('api_response_ms');
  });

  it('a breached metric fails its test, citing the same p95 the table shows', () => {
    const recorder = new MetricRecorder();
    for (let i = 0; i < 20; i++) recorder.record('api_response_ms', i < 18 ? 20 : 300);
    const metrics = finalizeMetrics(recorder, targets);
    const m = byName(metrics, 'api_response_ms');
    expect(m.status).toBe('breached');
    const [judged] = judgeByMetrics([perfTest()], metrics, 'fail', PERFORMANCE_METRICS);
    expect(judged.status).toBe('failed');
    expect(judged.failure?.category).toBe('performance_breach');
    expect(judged.failure?.message).toContain(`p95 ${m.p95} ms`);
    expect(judged.failure?.elapsedMs).toBe(m.p95);
    // warn and off leave the verdict on metrics to the gate's notes
    expect(judgeByMetrics([perfTest()], metrics, 'warn', PERFORMANCE_METRICS)[0].status).toBe(
      'passed',
    );
  });

  it('a body that failed on its own keeps its failure; a skipped test stays skipped', () => {
    const recorder = new MetricRecorder();
    recorder.record('api_response_ms', 1);
    const metrics = finalizeMetrics(recorder, targets);
    const failed: TestResult = {
      ...perfTest('failed'),
      failure: { category: 'http_error', message: 'GET /api/health → 429' },
    };
    expect(
      judgeByMetrics([failed], metrics, 'fail', PERFORMANCE_METRICS)[0].failure?.category,
    ).toBe('http_error');
    expect(judgeByMetrics([perfTest('skipped')], metrics, 'fail', PERFORMANCE_METRICS)[0]).toEqual(
      perfTest('skipped'),
    );
  });

  it("a merge re-judges: a shard's breach the merged table does not show is undone", () => {
    const slow = new MetricRecorder();
    for (let i = 0; i < 20; i++) slow.record('api_response_ms', 300);
    const shardMetrics = finalizeMetrics(slow, targets);
    const [inShard] = judgeByMetrics([perfTest()], shardMetrics, 'fail', PERFORMANCE_METRICS);
    expect(inShard.status).toBe('failed');
    const fast = new MetricRecorder();
    for (let i = 0; i < 2000; i++) fast.record('api_response_ms', 5);
    const merged = mergeMetricResults([shardMetrics, finalizeMetrics(fast, targets)], targets);
    expect(byName(merged, 'api_response_ms').status).toBe('met');
    // the shard's result carries its metric: no mapping is needed to re-judge it
    const [again] = judgeByMetrics([inShard], merged, 'fail');
    expect(again.status).toBe('passed');
    expect(again.failure).toBeUndefined();
  });

  it('for any samples, the test fails exactly when its metric row is breached', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 400, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.double({ min: 0, max: 400, noNaN: true }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 300 }),
        (series, incidental, target) => {
          const recorder = new MetricRecorder();
          for (const v of [...series, ...incidental]) recorder.record('ws_latency_ms', v);
          const metrics = finalizeMetrics(recorder, { ...targets, ws_latency_ms: target });
          const row = byName(metrics, 'ws_latency_ms');
          const [judged] = judgeByMetrics(
            [{ ...perfTest(), id: 'performance/ws-latency' }],
            metrics,
            'fail',
            PERFORMANCE_METRICS,
          );
          return (judged.status === 'failed') === (row.status === 'breached');
        },
      ),
    );
  });
});
