/** Small builders for verdict tests: a test result and a readiness with only what matters. */
import type { Failure, MetricResult, Readiness, TestResult } from '../../src/model.js';

export const READY: Readiness = {
  ready: true,
  message: '/health healthy',
  waitedMs: 1_000,
  polls: 1,
};

export function result(
  id: string,
  status: TestResult['status'] = 'passed',
  failure?: Partial<Failure>,
  extra: Partial<TestResult> = {},
): TestResult {
  const t: TestResult = {
    id,
    module: id.split('/')[0],
    title: id,
    priority: 1,
    critical: false,
    status,
    durationMs: 100,
    attempts: status === 'flaky' ? 2 : 1,
    ...extra,
  };
  if (status === 'failed' || status === 'flaky') {
    t.failure = { category: 'assertion', message: `${id} failed`, ...failure };
  }
  return t;
}

export function many(n: number, status: TestResult['status'], prefix = 'm'): TestResult[] {
  return Array.from({ length: n }, (_, i) => result(`${prefix}/t${i}`, status));
}

export function metric(
  name: MetricResult['name'],
  status: MetricResult['status'],
  p95 = 80,
): MetricResult {
  return status === 'no-data'
    ? { name, samples: 0, target: 50, status }
    : { name, samples: 10, p50: p95 / 2, p95, max: p95 + 5, target: 50, status };
}
