/**
 * The `staging-gate` command: run, sim, merge, demo. It parses the command, hands over to
 * the command's module and returns the exit code (0 pass, 1 fail, 2 inconclusive, 3 usage).
 */
import { trapCancelSignals } from '../pipeline/cancel.js';
import { runSimCommand } from '../sim/index.js';
import { demoCommand } from './demo-command.js';
import { mergeCommand } from './merge-command.js';
import { runCommand, type CliIO } from './run-command.js';

export const USAGE = `staging-gate — gate merges on the health of a deployed agent service

Usage:
  staging-gate run --base-url URL [options]   run the suite against a deployed service
  staging-gate sim [options]                  start the reference agent service on loopback
  staging-gate merge DIR...                   merge the results of shards into one report
  staging-gate demo [--fault NAME ...]        start the sim in-process and run the suite on it

Run 'staging-gate <command> --help' for the options of a command.
Exit codes: 0 pass, 1 fail, 2 inconclusive, 3 bad usage.
`;

export function processIO(): CliIO {
  return {
    stdout: { write: (t) => void process.stdout.write(t), isTTY: Boolean(process.stdout.isTTY) },
    stderr: { write: (t) => void process.stderr.write(t) },
    env: process.env,
    trapCancel: () =>
      trapCancelSignals({
        onCancel: (signal) =>
          process.stderr.write(
            `\nstaging-gate: ${signal}: cancelling; writing the results so far (${signal === 'SIGINT' ? 'Ctrl-C' : 'a signal'} again stops at once)\n`,
          ),
      }),
  };
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout.write(USAGE);
      return 0;
    case 'run':
      return runCommand(rest, io);
    case 'demo':
      return demoCommand(rest, io);
    case 'merge':
      return mergeCommand(rest, io);
    case 'sim':
      return runSimCommand(rest);
    default:
      io.stderr.write(`staging-gate: unknown command '${command}'\n\n${USAGE}`);
      return 3;
  }
}
