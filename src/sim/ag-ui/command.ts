/**
 * `staging-gate sim --protocol ag-ui`: the reference AG-UI service on loopback until
 * SIGINT/SIGTERM. Resolves 0 after a clean stop, 3 on bad usage, 1 when it cannot start.
 */
import { DEFAULT_SIM_SECRET } from '../options.js';
import { SimUsageError } from '../usage-error.js';
import { AG_UI_FAULTS, agUiFaultSyntax, parseAgUiFaults } from './faults.js';
import { startAgUiSim, type AgUiSimInit, type AgUiSimVariant } from './server.js';
import { commonSimFlag, integer as sharedInteger, readSimFlags, unknownOption } from '../flags.js';
import { serveSim, type SimCommandIO } from '../serve-command.js';

/** the shared SimCommandIO, under its old name */
export type AgUiSimCommandIO = SimCommandIO;

export const AG_UI_SIM_USAGE = `staging-gate sim --protocol ag-ui — the reference AG-UI service on loopback

Usage:
  staging-gate sim --protocol ag-ui [options]

Options:
  --port N                  port to listen on (default 0: any free port)
  --host H                  interface to bind (default 127.0.0.1)
  --version V               build id reported by GET /health (default sim-1.0.0)
  --jwt-secret S            HS256/384/512 secret tokens are verified with
  --jwt-secret-env VAR      read that secret from the environment variable VAR
  --fault NAME[:ARG]        inject a fault; repeatable, or comma-separated
  --event-spacing-ms N      pause between two events of a run (default 20)
  --first-token-delay-ms N  added before the first text delta (default 0)
  --variant NAME            a healthy variation, repeatable: chunks, unknown-events,
                            keep-alive, crlf, split-writes
  --help                    this text

Faults:
${AG_UI_FAULTS.map(
  (f) => `  ${agUiFaultSyntax(f).padEnd(26)} ${f.description}\n  ${''.padEnd(26)} → ${f.symptom}`,
).join('\n')}
`;

const VARIANTS: Record<string, keyof AgUiSimVariant> = {
  chunks: 'chunks',
  'unknown-events': 'unknownEvents',
  'keep-alive': 'keepAlive',
  crlf: 'crlf',
  'split-writes': 'splitWrites',
};

interface Parsed {
  init: AgUiSimInit & { faults: string[] };
  help: boolean;
  /** the variable the secret was read from; never the secret */
  secretEnv?: string;
  secretGiven: boolean;
}

const envMissing = (flag: string, name: string): string => `${flag}: ${name} is not set or empty`;

export function parseAgUiSimArgs(argv: string[], env: Record<string, string | undefined>): Parsed {
  const init: Parsed['init'] = { faults: [] };
  const variant: Partial<AgUiSimVariant> = {};
  const parsed: Parsed = { init, help: false, secretGiven: false };
  readSimFlags(
    argv,
    (f) => {
      if (commonSimFlag(f, init, parsed, env, { envMissing })) return;
      const { flag, arg, value } = f;
      const integer = (max: number): number => sharedInteger(flag, value(), 0, max);
      switch (flag) {
        case '--fault':
          init.faults.push(value());
          break;
        case '--event-spacing-ms':
          init.eventSpacingMs = integer(60_000);
          break;
        case '--first-token-delay-ms':
          init.firstTokenDelayMs = integer(600_000);
          break;
        case '--variant': {
          const name = value();
          const key = VARIANTS[name];
          if (!key) {
            throw new SimUsageError(
              `--variant: unknown '${name}'; valid: ${Object.keys(VARIANTS).join(', ')}`,
            );
          }
          variant[key] = true;
          break;
        }
        default:
          throw unknownOption(arg);
      }
    },
    { takes: () => true, blankIsMissing: true },
  );
  init.variant = variant;
  parsed.secretGiven = init.jwtSecret !== undefined;
  parseAgUiFaults(init.faults);
  return parsed;
}

export async function runAgUiSimCommand(
  argv: string[],
  io: Partial<AgUiSimCommandIO> = {},
): Promise<number> {
  return serveSim({
    argv,
    io,
    hint: "Run 'staging-gate sim --protocol ag-ui --help'.",
    usage: AG_UI_SIM_USAGE,
    parse: parseAgUiSimArgs,
    start: (parsed) => startAgUiSim(parsed.init),
    banner: (sim, parsed) => {
      const run = `staging-gate run --protocol ag-ui --base-url ${sim.baseUrl} --agent-url ${sim.agentUrl}`;
      const secretLine =
        parsed.secretEnv !== undefined
          ? `${run} --jwt-secret-env ${parsed.secretEnv}`
          : parsed.secretGiven
            ? `SIM_JWT_SECRET='<the secret given to --jwt-secret>' ${run} --jwt-secret-env SIM_JWT_SECRET`
            : `SIM_JWT_SECRET=${DEFAULT_SIM_SECRET} ${run} --jwt-secret-env SIM_JWT_SECRET`;
      return [
        'staging-gate sim: the reference AG-UI service is listening',
        `  base URL:  ${sim.baseUrl}`,
        `  AG-UI:     POST ${sim.agentUrl}`,
        `  faults:    ${parsed.init.faults.length > 0 ? parsed.init.faults.join(', ') : 'none'}`,
        'Test it with:',
        `  ${secretLine}`,
      ];
    },
  });
}
