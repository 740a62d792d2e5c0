/**
 * `staging-gate run`: flags → Settings → the engine → files → table and exit code
 * (0 pass, 1 fail, 2 inconclusive, 3 usage).
 */
import { ACTION_DEFAULTS, type RawInputs } from '../config/action-inputs.js';
import { parseRunArgs, RUN_USAGE } from '../config/cli-args.js';
import { parseSettings } from '../config/parse-settings.js';
import { redact, secretsOf } from '../config/redact.js';
import { InputError, type Settings } from '../config/settings.js';
import type { Results } from '../model.js';
import { writeArtifacts } from '../pipeline/artifacts.js';
import type { CancelTrap } from '../pipeline/cancel.js';
import { reproduceLine } from '../pipeline/reproduce.js';
import { runGate, selectForSettings, type Selection } from '../pipeline/run-gate.js';
import { gateOutcome } from '../verdict/index.js';
import { createProgressPrinter } from './progress.js';
import { renderTerminalSummary } from './terminal-summary.js';

export interface CliIO {
  stdout: { write(text: string): void; isTTY: boolean };
  stderr: { write(text: string): void };
  env: Record<string, string | undefined>;
  /**
   * Traps SIGINT/SIGTERM for the length of a run (`processIO` traps the process's): the
   * first cancels it, and the files are still written. Absent: nothing is trapped.
   */
  trapCancel?: () => CancelTrap;
}

export const EXIT = { pass: 0, fail: 1, inconclusive: 2, usage: 3 } as const;

/** The exit code of a finished run or merge: the one rule, `gateOutcome` (verdict/policy.ts). */
export function exitCodeOf(
  results: Pick<Results, 'verdict'>,
  onInconclusive: Settings['onInconclusive'],
): number {
  return gateOutcome(results.verdict, onInconclusive).cliExitCode;
}

/** The line that says on-inconclusive turned an inconclusive run into exit 0, or undefined. */
export function overrideNote(
  results: Pick<Results, 'verdict' | 'reason'>,
  onInconclusive: Settings['onInconclusive'],
): string | undefined {
  if (!gateOutcome(results.verdict, onInconclusive).overridden) return undefined;
  return `staging-gate: warning: inconclusive (${results.reason}); exit 0 because on-inconclusive is ${onInconclusive}`;
}

/** Settings from raw inputs, with the selection made and checked: both fail before any request. */
export function settingsFrom(raw: RawInputs): { settings: Settings; selection: Selection } {
  const settings = parseSettings(raw);
  return { settings, selection: selectForSettings(settings) };
}

export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  let args;
  let settings: Settings;
  let selection: Selection;
  try {
    args = parseRunArgs(argv, io.env);
    if (args.help) {
      io.stdout.write(RUN_USAGE);
      return 0;
    }
    ({ settings, selection } = settingsFrom(args.raw));
  } catch (err) {
    if (err instanceof InputError) {
      io.stderr.write(`staging-gate: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  return executeRun(settings, args.raw, io, { json: args.json, quiet: args.quiet, selection });
}

export async function executeRun(
  settings: Settings,
  raw: RawInputs,
  io: CliIO,
  opts: { json: boolean; quiet: boolean; label?: string; selection?: Selection },
): Promise<number> {
  const secrets = new Set(secretsOf(settings));
  const safe = (text: string): string => redact(text, [...secrets]);
  const plain = Boolean(io.env.CI) || !io.stdout.isTTY;
  // with --json, stdout carries only results.json: progress goes to stderr
  const progressOut = opts.json
    ? { write: (t: string) => io.stderr.write(safe(t)), isTTY: false }
    : { write: (t: string) => io.stdout.write(safe(t)), isTTY: io.stdout.isTTY };
  const onProgress = opts.quiet ? undefined : createProgressPrinter(progressOut, plain);
  const reproduce = reproduceLine(raw, ACTION_DEFAULTS);
  progressOut.write(
    `staging-gate: testing ${settings.baseUrl}${opts.label ? ` (${opts.label})` : ''}\n`,
  );
  const trap = io.trapCancel?.();
  try {
    return await finishRun(settings, io, opts, { secrets, safe, reproduce, trap, onProgress });
  } finally {
    trap?.release();
  }
}

async function finishRun(
  settings: Settings,
  io: CliIO,
  opts: { json: boolean; selection?: Selection },
  run: {
    secrets: Set<string>;
    safe: (text: string) => string;
    reproduce: string;
    trap: CancelTrap | undefined;
    onProgress: ReturnType<typeof createProgressPrinter> | undefined;
  },
): Promise<number> {
  const { secrets, safe, reproduce, trap, onProgress } = run;
  const results = await runGate(settings, {
    ...(opts.selection ? { selection: opts.selection } : {}),
    ...(onProgress ? { onProgress } : {}),
    onSecret: (s) => secrets.add(s),
    reproduce,
    ...(trap ? { signal: trap.signal } : {}),
  });
  const written = writeArtifacts(results, settings.resultsDir, [...secrets], { reproduce });
  if (opts.json) {
    io.stdout.write(safe(`${JSON.stringify(results, null, 2)}\n`));
  } else {
    io.stdout.write(safe(renderTerminalSummary(results, { reportPath: written.reportPath })));
    io.stdout.write(
      `  files: ${written.resultsPath}, ${written.reportPath}, ${written.junitPath}\n`,
    );
  }
  const note = overrideNote(results, settings.onInconclusive);
  if (note) io.stderr.write(`${safe(note)}\n`);
  return exitCodeOf(results, settings.onInconclusive);
}
