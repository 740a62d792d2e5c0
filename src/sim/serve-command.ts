/**
 * What every `staging-gate sim [--protocol P]` command shares: read the flags, answer
 * `--help`, start the service, print its banner, serve until told to stop, close.
 * Resolves 0 after a clean stop, 3 on bad usage, 1 when the service cannot start.
 */
import { SimUsageError } from './usage-error.js';

export interface SimCommandIO {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** resolves when the service should stop; default: the first SIGINT or SIGTERM */
  stop?: Promise<unknown>;
}

export interface SimCommand<P extends { help: boolean }, S extends { close(): Promise<unknown> }> {
  argv: string[];
  io: Partial<SimCommandIO>;
  /** the line after a usage error, e.g. "Run 'staging-gate sim --help' for the options." */
  hint: string;
  usage: string;
  /** throws SimUsageError on bad flags or fault specs */
  parse(argv: string[], env: Record<string, string | undefined>): P;
  start(parsed: P): Promise<S>;
  /** the lines above "Stop with Ctrl-C."; never a secret */
  banner(sim: S, parsed: P): string[];
}

export async function serveSim<
  P extends { help: boolean },
  S extends { close(): Promise<unknown> },
>(command: SimCommand<P, S>): Promise<number> {
  const { io } = command;
  const out = io.out ?? ((text: string) => void process.stdout.write(text));
  const err = io.err ?? ((text: string) => void process.stderr.write(text));
  let parsed: P;
  try {
    parsed = command.parse(command.argv, io.env ?? process.env);
  } catch (error) {
    if (!(error instanceof SimUsageError)) throw error;
    err(`staging-gate sim: ${error.message}\n${command.hint}\n`);
    return 3;
  }
  if (parsed.help) {
    out(command.usage);
    return 0;
  }
  let sim: S;
  try {
    sim = await command.start(parsed);
  } catch (error) {
    err(
      `staging-gate sim: cannot start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return error instanceof SimUsageError ? 3 : 1;
  }
  out([...command.banner(sim, parsed), 'Stop with Ctrl-C.', ''].join('\n'));
  await (io.stop ?? untilSignal());
  await sim.close();
  out('staging-gate sim: stopped\n');
  return 0;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
