/**
 * Merges the results.json of matrix shards into one run: tests concatenated, metrics merged
 * from their histograms (so merged percentiles are exact, never averages of percentiles),
 * the verdict decided again over everything. A missing or duplicated shard is an error —
 * a partial merge would be a silent partial pass.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricName, Readiness, Results, TestResult } from '../model.js';
import { METRIC_NAMES } from '../model.js';
import { judgeByMetrics, mergeMetricResults } from '../runner/metrics.js';
import { buildResults, resolveCritical, type GatePolicy } from '../verdict/index.js';

export class MergeError extends Error {
  override name = 'MergeError';
}

/**
 * The shards' results directories from what a user lists: a results directory, a
 * results.json file, or a directory of shard directories (what download-artifact writes
 * for several artifacts), expanded one level.
 */
export function expandShardPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new MergeError(`${path} does not exist`);
    if (!statSync(path).isDirectory() || existsSync(join(path, 'results.json'))) {
      out.push(path);
      continue;
    }
    const inner = readdirSync(path)
      .sort()
      .map((name) => join(path, name))
      .filter((p) => statSync(p).isDirectory() && existsSync(join(p, 'results.json')));
    if (inner.length === 0)
      throw new MergeError(`${path} holds no results.json, nor directories that do`);
    out.push(...inner);
  }
  return out;
}

/** `path` is a results directory or a results.json file. */
export function readShardResults(path: string): Results {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'results.json') : path;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new MergeError(`cannot read shard results ${file}: ${(err as Error).message}`);
  }
  const r = parsed as Partial<Results>;
  if (!r || r.schemaVersion !== 1 || !Array.isArray(r.tests) || !Array.isArray(r.metrics)) {
    throw new MergeError(`${file} is not a staging-gate results.json (schemaVersion 1)`);
  }
  return r as Results;
}

function checkShards(shards: readonly Results[], names: readonly string[]): number {
  if (shards.length === 0)
    throw new MergeError('nothing to merge: give the shards\u2019 results directories');
  const count = shards[0].shard?.count;
  const seen = new Map<number, string>();
  shards.forEach((r, i) => {
    if (!r.shard) throw new MergeError(`${names[i]} is not a shard (no "shard" in results.json)`);
    if (r.shard.count !== count) {
      throw new MergeError(
        `${names[i]} is shard ${r.shard.index}/${r.shard.count}, but ${names[0]} is of ${count}`,
      );
    }
    const dup = seen.get(r.shard.index);
    if (dup)
      throw new MergeError(`shard ${r.shard.index}/${count} given twice: ${dup} and ${names[i]}`);
    seen.set(r.shard.index, names[i]);
  });
  const missing: number[] = [];
  for (let i = 1; i <= (count ?? 0); i++) if (!seen.has(i)) missing.push(i);
  if (missing.length > 0) {
    throw new MergeError(
      `missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')}`,
    );
  }
  // A test is in exactly one shard, or — a load test carrying its slice — in all of them.
  const seenIn = new Map<string, number>();
  for (const r of shards) for (const t of r.tests) seenIn.set(t.id, (seenIn.get(t.id) ?? 0) + 1);
  for (const [id, n] of seenIn) {
    if (n > 1 && n !== shards.length) {
      throw new MergeError(
        `test ${id} appears in ${n} of ${shards.length} shards: in one, or in every shard`,
      );
    }
  }
  return count ?? 0;
}

const STATUS_ORDER: TestResult['status'][] = ['failed', 'flaky', 'passed', 'skipped'];

/** One result for a test that ran in every shard: it failed if any shard's slice failed. */
function combineTest(parts: readonly TestResult[]): TestResult {
  const status = STATUS_ORDER.find((s) => parts.some((p) => p.status === s)) ?? 'skipped';
  const worst = parts.find((p) => p.status === status) ?? parts[0];
  return {
    ...worst,
    status,
    durationMs: Math.max(...parts.map((p) => p.durationMs)),
    attempts: Math.max(...parts.map((p) => p.attempts)),
  };
}

function combineTests(ordered: readonly Results[]): TestResult[] {
  const byId = new Map<string, TestResult[]>();
  for (const r of ordered) {
    for (const t of r.tests) {
      const list = byId.get(t.id);
      if (list) list.push(t);
      else byId.set(t.id, [t]);
    }
  }
  return [...byId.values()].map((parts) => (parts.length === 1 ? parts[0] : combineTest(parts)));
}

export function mergeResults(
  shards: readonly Results[],
  policy: GatePolicy,
  names?: readonly string[],
): Results {
  const labels = names ?? shards.map((_, i) => `shard #${i + 1}`);
  checkShards(shards, labels);
  const ordered = [...shards].sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0));
  const targets = {} as Record<MetricName, number>;
  for (const name of METRIC_NAMES) {
    targets[name] = ordered.flatMap((r) => r.metrics).find((m) => m.name === name)?.target ?? 0;
  }
  const moduleTitles: Record<string, string> = {};
  for (const r of ordered) for (const m of r.modules) moduleTitles[m.id] ??= m.title;
  const notReady = ordered.find((r) => r.readiness && !r.readiness.ready)?.readiness;
  const readiness: Readiness = notReady ?? {
    ready: true,
    message: `all ${ordered.length} shards ready`,
    waitedMs: Math.max(0, ...ordered.map((r) => r.readiness?.waitedMs ?? 0)),
    polls: ordered.reduce((n, r) => n + (r.readiness?.polls ?? 0), 0),
    ...(ordered[0].target.version !== undefined ? { version: ordered[0].target.version } : {}),
  };
  const starts = ordered.map((r) => Date.parse(r.startedAt)).filter(Number.isFinite);
  const ends = ordered.map((r) => Date.parse(r.startedAt) + r.durationMs).filter(Number.isFinite);
  const first = ordered[0];
  // `critical-tests` given to the merge decides over every shard; without it, each test
  // keeps what its shard's run decided (the suite's flags, or that run's critical-tests).
  const combined = combineTests(ordered);
  const tests =
    policy.criticalTests === null ? combined : resolveCritical(combined, policy.criticalTests);
  const metrics = mergeMetricResults(
    ordered.map((r) => r.metrics),
    targets,
  );
  return buildResults(
    {
      // a shard judged its performance tests on its own table; the merged table decides
      tests: judgeByMetrics(tests, metrics, policy.perfGate),
      metrics,
      readiness,
      target: first.target,
      startedAt: starts.length ? new Date(Math.min(...starts)).toISOString() : first.startedAt,
      durationMs: starts.length ? Math.max(...ends) - Math.min(...starts) : first.durationMs,
      moduleTitles,
      ...(first.commit ? { commit: first.commit } : {}),
      ...(first.runUrl ? { runUrl: first.runUrl } : {}),
      ...(first.reproduce ? { reproduce: first.reproduce } : {}),
      ...(first.selection ? { selection: first.selection } : {}),
      ...mergeToolCalls(ordered),
    },
    policy,
  );
}

/** MCP: the shards' tool calls, counted together per tool and reason. */
function mergeToolCalls(shards: readonly Results[]): Pick<Results, 'toolCalls'> {
  if (!shards.some((r) => r.toolCalls)) return {};
  const byKey = new Map<string, NonNullable<Results['toolCalls']>[number]>();
  for (const c of shards.flatMap((r) => r.toolCalls ?? [])) {
    const key = `${c.why}\u0000${c.tool}`;
    const seen = byKey.get(key);
    byKey.set(key, { ...c, calls: (seen?.calls ?? 0) + c.calls });
  }
  return { toolCalls: [...byKey.values()] };
}
