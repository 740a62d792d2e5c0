/**
 * `staging-gate merge DIR...`: one verdict, report and files from the shards of a matrix.
 * Flags go through config/ like run's (`parseMergeArgs` → `parseMergeSettings`, the same
 * function as the action's `mode: merge`), and the exit code through `gateOutcome`.
 */
import { parseMergeArgs } from '../config/cli-args.js';
import { parseMergeSettings } from '../config/parse-settings.js';
import { InputError } from '../config/settings.js';
import { writeArtifacts } from '../pipeline/artifacts.js';
import { expandShardPaths, mergeResults, MergeError, readShardResults } from '../pipeline/merge.js';
import { EXIT, exitCodeOf, overrideNote, type CliIO } from './run-command.js';
import { renderTerminalSummary } from './terminal-summary.js';

export const MERGE_USAGE = `staging-gate merge — one verdict and report from the shards of a matrix

Usage:
  staging-gate merge DIR... [--results-dir DIR] [--max-failure-rate P] [--critical-tests GLOBS]
                            [--perf-gate fail|warn|off] [--on-inconclusive fail|pass|neutral] [--json]

Each DIR holds the results.json of one shard (run with --shard i/n), or holds such
directories (what actions/download-artifact writes). Every shard 1..n must be there exactly
once: a missing or duplicated shard is an error, never a partial pass. Metrics are merged
from their histograms, so merged percentiles are exact. --critical-tests re-decides which
tests are critical over all shards; without it, each test keeps what its shard decided.
A flag given twice takes its last value; --critical-tests given twice takes both lists.
Exit codes: 0 pass, 1 fail, 2 inconclusive, 3 bad usage.
`;

export async function mergeCommand(argv: string[], io: CliIO): Promise<number> {
  try {
    const args = parseMergeArgs(argv, io.env);
    if (args.help) {
      io.stdout.write(MERGE_USAGE);
      return EXIT.pass;
    }
    const settings = parseMergeSettings(args.raw);
    const dirs = expandShardPaths(settings.mergeResults);
    const shards = dirs.map(readShardResults);
    const results = mergeResults(shards, settings, dirs);
    const written = writeArtifacts(
      results,
      settings.resultsDir,
      [],
      results.reproduce ? { reproduce: results.reproduce } : {},
    );
    const code = exitCodeOf(results, settings.onInconclusive);
    if (args.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else {
      io.stdout.write(
        `staging-gate: merged ${shards.length} shards\n${renderTerminalSummary(results)}`,
      );
      io.stdout.write(
        `  files: ${written.resultsPath}, ${written.reportPath}, ${written.junitPath}\n`,
      );
    }
    const note = overrideNote(results, settings.onInconclusive);
    if (note) io.stderr.write(`${note}\n`);
    return code;
  } catch (err) {
    if (err instanceof InputError || err instanceof MergeError) {
      io.stderr.write(`staging-gate merge: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}
