import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import type { Results } from '../../src/model.js';
import { writeArtifacts } from '../../src/pipeline/artifacts.js';
import { mergeResults, MergeError, readShardResults } from '../../src/pipeline/merge.js';
import { runGate } from '../../src/pipeline/run-gate.js';
import { Histogram } from '../../src/runner/histogram.js';
import { DEFAULT_SIM_SECRET, startSim, type SimHandle } from '../../src/sim/index.js';
import { DEFAULT_GATE_POLICY } from '../../src/verdict/index.js';

let sim: SimHandle;
let whole: Results;
const shards: Results[] = [];
const dirs: string[] = [];

function settingsFor(shard?: string) {
  return parseSettings({
    'base-url': sim.baseUrl,
    'jwt-secret': DEFAULT_SIM_SECRET,
    'wait-for-ready': '5',
    retries: '0',
    // timing is the benchmark's business: a loaded machine breaches api_response_ms
    'perf-gate': 'warn',
    ...(shard ? { shard } : {}),
  });
}

beforeAll(async () => {
  sim = await startSim({ eventSpacingMs: 5 });
  whole = await runGate(settingsFor());
  for (const i of [1, 2, 3]) {
    const r = await runGate(settingsFor(`${i}/3`));
    shards.push(r);
    const dir = mkdtempSync(join(tmpdir(), `sg-shard-${i}-`));
    writeArtifacts(r, dir, []);
    dirs.push(dir);
  }
}, 120_000);

afterAll(async () => {
  await sim.close();
});

describe('merging shards', () => {
  it('gives the unsharded totals and one verdict', () => {
    // the merge re-decides the performance gate too: warn, as the shards ran
    const merged = mergeResults(
      dirs.map(readShardResults),
      { ...DEFAULT_GATE_POLICY, perfGate: 'warn' },
      dirs,
    );
    expect(merged.summary.total).toBe(whole.summary.total);
    expect(merged.summary.passed + merged.summary.flaky).toBe(
      whole.summary.passed + whole.summary.flaky,
    );
    expect(new Set(merged.tests.map((t) => t.id))).toEqual(new Set(whole.tests.map((t) => t.id)));
    expect(merged.verdict, merged.reason).toBe('pass');
    expect(merged.modules.map((m) => m.id).sort()).toEqual(whole.modules.map((m) => m.id).sort());
  });

  it('merges percentiles from the histograms of all samples, not by averaging', () => {
    const merged = mergeResults(shards, DEFAULT_GATE_POLICY);
    for (const m of merged.metrics) {
      const parts = shards.map((s) => s.metrics.find((x) => x.name === m.name)!);
      expect(m.samples).toBe(parts.reduce((n, p) => n + p.samples, 0));
      if (m.samples === 0) continue;
      const all = new Histogram();
      for (const p of parts) if (p.histogram) all.merge(Histogram.fromData(p.histogram));
      expect(m.p95).toBe(Math.round((all.percentile(95) ?? 0) * 10) / 10);
      expect(m.p50).toBe(Math.round((all.percentile(50) ?? 0) * 10) / 10);
    }
  });

  it('refuses a missing shard', () => {
    expect(() => mergeResults([shards[0], shards[2]], DEFAULT_GATE_POLICY)).toThrow(MergeError);
    expect(() => mergeResults([shards[0], shards[2]], DEFAULT_GATE_POLICY)).toThrow(
      /missing shard 2\/3/,
    );
  });

  it('refuses a duplicated shard', () => {
    expect(() => mergeResults([shards[0], shards[1], shards[1]], DEFAULT_GATE_POLICY)).toThrow(
      /given twice/,
    );
  });

  it('combines a load test run in every shard into one result, failed if any slice failed', () => {
    const everywhere = shards[0].tests.find((t) =>
      shards.every((s) => s.tests.some((x) => x.id === t.id)),
    );
    expect(everywhere, 'the concurrency test runs in every shard').toBeDefined();
    const id = everywhere!.id;
    const broken = shards.map((s, i) =>
      i === 2
        ? {
            ...s,
            tests: s.tests.map((t) =>
              t.id === id
                ? {
                    ...t,
                    status: 'failed' as const,
                    failure: { category: 'timeout' as const, message: 'slice 3 timed out' },
                  }
                : t,
            ),
          }
        : s,
    );
    const merged = mergeResults(broken, DEFAULT_GATE_POLICY);
    const combined = merged.tests.filter((t) => t.id === id);
    expect(combined).toHaveLength(1);
    expect(combined[0].status).toBe('failed');
    expect(combined[0].failure?.message).toBe('slice 3 timed out');
  });

  it('refuses a test found in some shards but not all', () => {
    const dealt = shards[0].tests.find((t) => !shards[1].tests.some((x) => x.id === t.id))!;
    const copy = { ...shards[1], tests: [...shards[1].tests, dealt] };
    expect(() => mergeResults([shards[0], copy, shards[2]], DEFAULT_GATE_POLICY)).toThrow(
      /appears in 2 of 3 shards/,
    );
  });

  it('refuses results that are not shards', () => {
    expect(() => mergeResults([whole], DEFAULT_GATE_POLICY)).toThrow(/not a shard/);
  });

  it('fails the merged verdict when one shard failed', () => {
    const broken: Results = {
      ...shards[1],
      tests: shards[1].tests.map((t, i) =>
        i === 0
          ? {
              ...t,
              status: 'failed',
              failure: { category: 'ws_internal_error', message: 'closed 1011' },
            }
          : t,
      ),
    };
    const merged = mergeResults([shards[0], broken, shards[2]], DEFAULT_GATE_POLICY);
    expect(merged.verdict).toBe('fail');
    expect(merged.summary.failed).toBe(1);
  });
});
