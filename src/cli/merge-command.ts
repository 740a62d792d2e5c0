/**
 * `staging-gate merge DIR...`: one verdict, report and files from the shards of a matrix.
 */
import { InputError } from '../config/settings.js';
import { writeArtifacts } from '../pipeline/artifacts.js';
import { mergeResults, MergeError, readShardResults } from '../pipeline/merge.js';
import { DEFAULT_GATE_POLICY, type GatePolicy } from '../verdict/index.js';
import { EXIT, exitCodeOf, type CliIO } from './run-command.js';
import { renderTerminalSummary } from './terminal-summary.js';

export const MERGE_USAGE = `staging-gate merge — one verdict and report from the shards of a matrix

Usage:
  staging-gate merge DIR... [--results-dir DIR] [--max-failure-rate P] [--critical-tests GLOBS]
                            [--perf-gate fail|warn|off] [--on-inconclusive fail|pass|neutral] [--json]

Each DIR holds the results.json of one shard (run with --shard i/n). Every shard 1..n must be
there exactly once: a missing or duplicated shard is an error, never a partial pass.
Metrics are merged from their histograms, so merged percentiles are exact.
`;

export async function mergeCommand(argv: string[], io: CliIO): Promise<number> {
  const dirs: string[] = [];
  const policy: GatePolicy = { ...DEFAULT_GATE_POLICY };
  let resultsDir = 'staging-gate-results';
  let json = false;
  try {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i];
      const value = (): string => {
        const v = argv[++i];
        if (v === undefined) throw new InputError(arg, `'${arg}' needs a value`);
        return v;
      };
      if (arg === '--help' || arg === '-h') {
        io.stdout.write(MERGE_USAGE);
        return EXIT.pass;
      } else if (arg === '--json') json = true;
      else if (arg === '--results-dir') resultsDir = value();
      else if (arg === '--max-failure-rate') {
        const v = Number(value().replace(/%$/, ''));
        if (!Number.isFinite(v) || v < 0 || v > 100)
          throw new InputError('--max-failure-rate', 'expected a percent between 0 and 100');
        policy.maxFailureRate = v;
      } else if (arg === '--critical-tests')
        policy.criticalTests = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      else if (arg === '--perf-gate') {
        const v = value();
        if (v !== 'fail' && v !== 'warn' && v !== 'off')
          throw new InputError('--perf-gate', `expected fail, warn or off, got '${v}'`);
        policy.perfGate = v;
      } else if (arg === '--on-inconclusive') {
        const v = value();
        if (v !== 'fail' && v !== 'pass' && v !== 'neutral')
          throw new InputError('--on-inconclusive', `expected fail, pass or neutral, got '${v}'`);
        policy.onInconclusive = v;
      } else if (arg.startsWith('--'))
        throw new InputError(arg, `unknown flag '${arg}' (see 'staging-gate merge --help')`);
      else dirs.push(arg);
    }
    const shards = dirs.map(readShardResults);
    const results = mergeResults(shards, policy, dirs);
    const written = writeArtifacts(
      results,
      resultsDir,
      [],
      results.reproduce ? { reproduce: results.reproduce } : {},
    );
    if (json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else {
      io.stdout.write(
        `staging-gate: merged ${shards.length} shards\n${renderTerminalSummary(results)}`,
      );
      io.stdout.write(
        `  files: ${written.resultsPath}, ${written.reportPath}, ${written.junitPath}\n`,
      );
    }
    return exitCodeOf(results);
  } catch (err) {
    if (err instanceof InputError || err instanceof MergeError) {
      io.stderr.write(`staging-gate merge: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}
