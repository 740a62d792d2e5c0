/**
 * results.json (INTERFACE.md §3) from what the runner measured: counts, modules, patterns
 * and the verdict are derived here, so every consumer (report, outputs, merge) reads the
 * same numbers.
 */
import type { MetricResult, Readiness, Results, TestResult } from '../model.js';
import { decideVerdict } from './decide.js';
import { groupPatterns } from './patterns.js';
import type { GatePolicy } from './policy.js';
import { summarize, summarizeModules } from './summary.js';

/** What a run produced. `critical` on each test is taken as the runner resolved it. */
export interface RunOutcome {
  tests: TestResult[];
  metrics: MetricResult[];
  readiness: Readiness;
  target: Results['target'];
  /** tests the protocol cannot carry, with why */
  leftOut?: Results['leftOut'];
  /** ISO 8601; times come in, nothing here reads the clock */
  startedAt: string;
  durationMs: number;
  /** module id → title, in suite order */
  moduleTitles?: Record<string, string>;
  commit?: string;
  runUrl?: string;
  shard?: { index: number; count: number };
  reproduce?: string;
  selection?: Results['selection'];
  /** the run was cancelled: the signal's name (the verdict is inconclusive) */
  cancelled?: string;
  toolCalls?: Results['toolCalls'];
}

export function buildResults(outcome: RunOutcome, policy: GatePolicy): Results {
  const { verdict, reason } = decideVerdict(outcome, policy);
  const target: Results['target'] = {
    baseUrl: outcome.target.baseUrl,
    wsUrl: outcome.target.wsUrl,
  };
  const version = outcome.target.version ?? outcome.readiness.version;
  if (version !== undefined) target.version = version;
  if (outcome.target.protocol !== undefined) target.protocol = outcome.target.protocol;
  // Key order follows INTERFACE.md §3, so the file reads like the contract.
  const results: Results = {
    schemaVersion: 1,
    verdict,
    reason,
    target,
    startedAt: outcome.startedAt,
    durationMs: Math.round(outcome.durationMs),
    summary: summarize(outcome.tests),
    modules: summarizeModules(outcome.tests, outcome.moduleTitles),
    tests: outcome.tests,
    metrics: outcome.metrics,
    patterns: groupPatterns(outcome.tests),
    readiness: outcome.readiness,
  };
  if (outcome.commit !== undefined) results.commit = outcome.commit;
  if (outcome.runUrl !== undefined) results.runUrl = outcome.runUrl;
  if (outcome.shard !== undefined) results.shard = outcome.shard;
  if (outcome.reproduce !== undefined) results.reproduce = outcome.reproduce;
  if (outcome.selection !== undefined) results.selection = outcome.selection;
  if (outcome.leftOut !== undefined && outcome.leftOut.length > 0)
    results.leftOut = outcome.leftOut;
  if (outcome.toolCalls !== undefined) results.toolCalls = outcome.toolCalls;
  return results;
}
