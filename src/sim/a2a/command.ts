/**
 * `staging-gate sim --protocol a2a`: the reference A2A agent on loopback until SIGINT/SIGTERM.
 * Resolves 0 after a clean stop, 3 on bad usage, 1 when the agent cannot start.
 */
import { SimUsageError } from '../usage-error.js';
import { A2A_FAULTS, parseA2aFaults } from './faults.js';
import { startA2aSim, type A2aSimInit } from './server.js';
import {
  commonSimFlag,
  integer,
  readSimFlags,
  secretSource,
  unknownOption,
  type CommonSimFlags,
} from '../flags.js';
import { serveSim, type SimCommandIO } from '../serve-command.js';

/** the shared SimCommandIO, under its old name */
export type A2aSimCommandIO = SimCommandIO;

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
  return serveSim({
    argv,
    io,
    hint: "Run 'staging-gate sim --protocol a2a --help' for the options.",
    usage: A2A_SIM_USAGE,
    parse(args, env) {
      const parsed = parseA2aSimArgs(args, env);
      parseA2aFaults(parsed.init.faults);
      return parsed;
    },
    start: (parsed) => startA2aSim(parsed.init),
    banner: (sim, parsed) => [
      'staging-gate sim: the reference A2A agent is listening',
      `  base URL:   ${sim.baseUrl}  (agent card: ${sim.baseUrl}/.well-known/agent-card.json)`,
      `  JSON-RPC:   ${sim.agentUrl}`,
      `  A2A:        ${parsed.init.a2aVersion ?? '1.0'}`,
      `  version:    ${parsed.init.version ?? 'sim-1.0.0'}`,
      `  faults:     ${parsed.init.faults.length > 0 ? parsed.init.faults.join(', ') : 'none'}`,
      `  tokens:     HS256, issuer 'staging-gate', ${parsed.secretSource}`,
    ],
  });
}

export function parseA2aSimArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): { init: A2aSimInit & { faults: string[] }; help: boolean; secretSource: string } {
  const init: A2aSimInit & { faults: string[] } = { faults: [] };
  const seen: CommonSimFlags = { help: false };
  readSimFlags(argv, (f) => {
    if (commonSimFlag(f, init, seen, env)) return;
    const { flag, arg, value } = f;
    switch (flag) {
      case '--protocol':
        if (value() !== 'a2a') throw new SimUsageError(`${flag}: expected a2a here`);
        break;
      case '--a2a-version': {
        const v = value();
        if (v !== '1.0' && v !== '0.3')
          throw new SimUsageError(`${flag}: expected 1.0 or 0.3, got '${v}'`);
        init.a2aVersion = v;
        break;
      }
      case '--fault':
        init.faults.push(...value().split(',').filter(Boolean));
        break;
      case '--event-spacing-ms':
        init.eventSpacingMs = integer(flag, value(), 0, 60_000);
        break;
      default:
        throw unknownOption(arg);
    }
  });
  return { init, help: seen.help, secretSource: secretSource(init, seen) };
}
