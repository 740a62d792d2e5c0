/**
 * `staging-gate sim`: starts the reference service on loopback until SIGINT/SIGTERM.
 * Resolves 0 after a clean stop, 3 on bad usage, 1 when the service cannot start.
 */
import { runAgUiSimCommand } from './ag-ui/command.js';
import { FAULTS, faultSyntax, parseFaults } from './faults.js';
import { SimUsageError } from './usage-error.js';
import { DEFAULT_SIM_SECRET, type SimInit } from './options.js';
import { runMcpSimCommand } from './mcp/command.js';
import { startSim } from './server.js';
import {
  commonSimFlag,
  integer,
  readSimFlags,
  secretSource,
  unknownOption,
  type CommonSimFlags,
} from './flags.js';
import { serveSim, type SimCommandIO } from './serve-command.js';
import { runA2aSimCommand } from './a2a/command.js';

export type { SimCommandIO } from './serve-command.js';

export const SIM_USAGE = `staging-gate sim — the reference agent service (PROTOCOL.md) on loopback

Usage:
  staging-gate sim [options]

Options:
  --port N                 port to listen on (default 0: any free port)
  --host H                 interface to bind (default 127.0.0.1)
  --version V              build id reported by GET /health (default sim-1.0.0)
  --jwt-secret S           HS256/384/512 secret tokens are verified with
  --jwt-secret-env VAR     read that secret from the environment variable VAR
  --fault NAME[:ARG]       inject a fault; repeatable, or comma-separated
  --startup-ms N           /health answers 503 for N ms after start
  --latency MS[:JITTER]    delay every HTTP response and server frame
  --event-spacing-ms N     pause between two events of an agent run (default 20)
  --heartbeat-ms N         idle heartbeat interval, 0 = off (default 5000)
  --welcome TYPE           connection_established (default) or system_message
  --protocol P             a2a, ag-ui or mcp: that protocol's reference service instead
                           (its own options: 'sim --protocol P --help')
  --envelope               WebSocket frames as {"event","payload"} both ways
  --sse-chat               POST /v1/chat answers an SSE chat stream
  --help                   this text

Faults:
${FAULTS.map(
  (f) => `  ${faultSyntax(f).padEnd(26)} ${f.description}\n  ${''.padEnd(26)} → ${f.symptom}`,
).join('\n')}
`;

export async function runSimCommand(
  argv: string[],
  io: Partial<SimCommandIO> = {},
): Promise<number> {
  // `--protocol P`: that protocol's reference service, with its own flags
  const at = argv.findIndex((x) => x === '--protocol' || x.startsWith('--protocol='));
  if (at >= 0) {
    const inline = argv[at].startsWith('--protocol=');
    const protocol = inline ? argv[at].slice('--protocol='.length) : argv[at + 1];
    const rest = argv.filter((_, i) => i !== at && (inline || i !== at + 1));
    if (protocol === 'a2a') return runA2aSimCommand(argv, io);
    if (protocol === 'ag-ui') return runAgUiSimCommand(rest, io);
    if (protocol === 'mcp') return runMcpSimCommand(rest, io);
    if (protocol !== 'agent-ws') {
      (io.err ?? ((t: string) => void process.stderr.write(t)))(
        `staging-gate sim: --protocol: expected agent-ws, a2a, ag-ui or mcp, got '${protocol ?? ''}'\n`,
      );
      return 3;
    }
    argv = rest;
  }
  return serveSim({
    argv,
    io,
    hint: "Run 'staging-gate sim --help' for the options.",
    usage: SIM_USAGE,
    parse(args, env) {
      const parsed = parseSimArgs(args, env);
      parseFaults(parsed.init.faults);
      return parsed;
    },
    start: (parsed) => startSim(parsed.init),
    banner: (sim, parsed) => [
      'staging-gate sim: the reference agent service is listening',
      `  base URL:  ${sim.baseUrl}`,
      `  WebSocket: ${sim.wsUrl}`,
      `  version:   ${sim.options.version}`,
      `  faults:    ${sim.options.faults.length > 0 ? sim.options.faults.join(', ') : 'none'}`,
      `  tokens:    HS256, issuer '${sim.options.issuer}', ${parsed.secretSource}`,
      'Test it with:',
      `  ${runLine(sim.baseUrl, parsed)}`,
    ],
  });
}

interface ParsedArgs {
  init: SimInit & { faults: string[] };
  help: boolean;
  /** where the secret came from, for the banner; never the secret itself */
  secretSource: string;
  /** the environment variable the secret was read from (`--jwt-secret-env`) */
  secretEnv?: string;
}

/** The variable the banner's `run` line reads the development secret from. */
export const SIM_SECRET_ENV = 'SIM_JWT_SECRET';

/**
 * The `staging-gate run` line that works against this sim, its secret passed the way
 * `run` wants secrets, as an environment variable. The built-in development secret is
 * public (it is in the source), so the line spells it out; a secret given by the user is
 * never printed: the line names the variable it is in, or asks for one.
 */
export function runLine(baseUrl: string, parsed: Pick<ParsedArgs, 'init' | 'secretEnv'>): string {
  const run = `staging-gate run --base-url ${baseUrl}`;
  if (parsed.secretEnv !== undefined) return `${run} --jwt-secret-env ${parsed.secretEnv}`;
  if (parsed.init.jwtSecret !== undefined) {
    return `${SIM_SECRET_ENV}='<the secret given to --jwt-secret>' ${run} --jwt-secret-env ${SIM_SECRET_ENV}`;
  }
  return `${SIM_SECRET_ENV}=${DEFAULT_SIM_SECRET} ${run} --jwt-secret-env ${SIM_SECRET_ENV}`;
}

export function parseSimArgs(argv: string[], env: Record<string, string | undefined>): ParsedArgs {
  const init: SimInit & { faults: string[] } = { faults: [] };
  const seen: CommonSimFlags = { help: false };
  const takes = (next: string): boolean => !(next.startsWith('--') && next.length > 2);
  readSimFlags(
    argv,
    (f) => {
      if (commonSimFlag(f, init, seen, env, { nonEmpty: true })) return;
      const { flag, arg, value } = f;
      switch (flag) {
        case '--fault':
          init.faults.push(...value().split(','));
          break;
        case '--startup-ms':
          init.startupMs = integer(flag, value(), 0, 3_600_000);
          break;
        case '--event-spacing-ms':
          init.eventSpacingMs = integer(flag, value(), 0, 60_000);
          break;
        case '--heartbeat-ms':
          init.heartbeatMs = integer(flag, value(), 0, 3_600_000);
          break;
        case '--latency': {
          const [ms, jitter = '0', ...rest] = value().split(':');
          if (rest.length > 0) throw new SimUsageError(`${flag}: expected MS or MS:JITTER`);
          init.latency = {
            ms: integer(flag, ms, 0, 60_000),
            jitterMs: integer(flag, jitter, 0, 60_000),
          };
          break;
        }
        case '--envelope':
          init.variant = { ...init.variant, envelope: true };
          break;
        case '--sse-chat':
          init.variant = { ...init.variant, sseChat: true };
          break;
        case '--welcome': {
          const welcome = value();
          if (welcome !== 'connection_established' && welcome !== 'system_message') {
            throw new SimUsageError(
              `${flag}: expected connection_established or system_message, got '${welcome}'`,
            );
          }
          init.variant = { ...init.variant, welcome };
          break;
        }
        default:
          throw unknownOption(arg);
      }
    },
    { takes },
  );
  return {
    init,
    help: seen.help,
    secretSource: secretSource(init, seen),
    ...(seen.secretEnv !== undefined ? { secretEnv: seen.secretEnv } : {}),
  };
}
