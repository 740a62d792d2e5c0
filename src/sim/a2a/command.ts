/**
 * `staging-gate sim --protocol a2a`: the reference A2A agent on loopback until SIGINT/SIGTERM.
 * Resolves 0 after a clean stop, 3 on bad usage, 1 when the agent cannot start.
 */
import { SimUsageError } from '../usage-error.js';
import { A2A_FAULTS, parseA2aFaults } from './faults.js';
import { startA2aSim, type A2aSimInit } from './server.js';

export interface A2aSimCommandIO {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** resolves when the agent should stop; default: the first SIGINT or SIGTERM */
  stop?: Promise<unknown>;
}

export const A2A_SIM_USAGE = `staging-gate sim --protocol a2a — the reference A2A agent on loopback

Usage:
  staging-gate sim --protocol a2a [options]

Options:
  --port N                 port to listen on (default 0: any free port)
  --host H                 interface to bind (default 127.0.0.1)
  --version V              build id the agent card reports (default sim-1.0.0)
  --a2a-version 1.0|0.3    the A2A dialect spoken (default 1.0)
  --jwt-secret S           HS256/384/512 secret tokens are verified with
  --jwt-secret-env VAR     read that secret from the environment variable VAR
  --fault NAME[:ARG]       inject a fault; repeatable, or comma-separated
  --event-spacing-ms N     pause between two events of a task (default 20)
  --help                   this text

Faults:
${A2A_FAULTS.map(
  (f) =>
    `  ${(f.arg ? `${f.name}:<${f.arg}>` : f.name).padEnd(26)} ${f.description}\n  ${''.padEnd(26)} → ${f.symptom}`,
).join('\n')}
`;

export async function runA2aSimCommand(
  argv: string[],
  io: Partial<A2aSimCommandIO> = {},
): Promise<number> {
  const out = io.out ?? ((text: string) => void process.stdout.write(text));
  const err = io.err ?? ((text: string) => void process.stderr.write(text));
  let parsed: { init: A2aSimInit & { faults: string[] }; help: boolean; secretSource: string };
  try {
    parsed = parseA2aSimArgs(argv, io.env ?? process.env);
    parseA2aFaults(parsed.init.faults);
  } catch (error) {
    if (!(error instanceof SimUsageError)) throw error;
    err(
      `staging-gate sim: ${error.message}\nRun 'staging-gate sim --protocol a2a --help' for the options.\n`,
    );
    return 3;
  }
  if (parsed.help) {
    out(A2A_SIM_USAGE);
    return 0;
  }
  let sim;
  try {
    sim = await startA2aSim(parsed.init);
  } catch (error) {
    err(
      `staging-gate sim: cannot start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return error instanceof SimUsageError ? 3 : 1;
  }
  out(
    [
      'staging-gate sim: the reference A2A agent is listening',
      `  base URL:   ${sim.baseUrl}  (agent card: ${sim.baseUrl}/.well-known/agent-card.json)`,
      `  JSON-RPC:   ${sim.agentUrl}`,
      `  A2A:        ${parsed.init.a2aVersion ?? '1.0'}`,
      `  version:    ${parsed.init.version ?? 'sim-1.0.0'}`,
      `  faults:     ${parsed.init.faults.length > 0 ? parsed.init.faults.join(', ') : 'none'}`,
      `  tokens:     HS256, issuer 'staging-gate', ${parsed.secretSource}`,
      'Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
  await (io.stop ?? untilSignal());
  await sim.close();
  out('staging-gate sim: stopped\n');
  return 0;
}

export function parseA2aSimArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): { init: A2aSimInit & { faults: string[] }; help: boolean; secretSource: string } {
  const init: A2aSimInit & { faults: string[] } = { faults: [] };
  let help = false;
  let secretSource = 'signed with the built-in development secret (DEFAULT_SIM_SECRET)';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new SimUsageError(`${flag} needs a value`);
      i += 1;
      return next;
    };
    switch (flag) {
      case '--help':
      case '-h':
        help = true;
        break;
      case '--protocol':
        if (value() !== 'a2a') throw new SimUsageError(`${flag}: expected a2a here`);
        break;
      case '--port':
        init.port = integer(flag, value(), 0, 65_535);
        break;
      case '--host':
        init.host = value();
        break;
      case '--version':
        init.version = value();
        break;
      case '--a2a-version': {
        const v = value();
        if (v !== '1.0' && v !== '0.3')
          throw new SimUsageError(`${flag}: expected 1.0 or 0.3, got '${v}'`);
        init.a2aVersion = v;
        break;
      }
      case '--jwt-secret':
        init.jwtSecret = value();
        secretSource = 'signed with the secret given by --jwt-secret';
        break;
      case '--jwt-secret-env': {
        const name = value();
        const secret = env[name];
        if (!secret)
          throw new SimUsageError(`${flag}: environment variable ${name} is not set or empty`);
        init.jwtSecret = secret;
        secretSource = `signed with the secret in $${name}`;
        break;
      }
      case '--fault':
        init.faults.push(...value().split(',').filter(Boolean));
        break;
      case '--event-spacing-ms':
        init.eventSpacingMs = integer(flag, value(), 0, 60_000);
        break;
      default:
        throw new SimUsageError(`unknown option '${arg}'`);
    }
  }
  return { init, help, secretSource };
}

function integer(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw new SimUsageError(`${flag}: expected an integer from ${min} to ${max}, got '${text}'`);
  }
  return n;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
