/**
 * `staging-gate sim --protocol mcp`: the MCP reference server on loopback until SIGINT or
 * SIGTERM. Resolves 0 after a clean stop, 3 on bad usage, 1 when it cannot start. The banner
 * prints the run line that gates it; the secret never appears in it.
 */
import { SimUsageError } from '../usage-error.js';
import { MCP_FAULTS, parseMcpFaults } from './faults.js';
import { startMcpSim, type McpSimInit, type McpSimVariant } from './server.js';
import { commonSimFlag, readSimFlags, unknownOption, type CommonSimFlags } from '../flags.js';
import { serveSim, type SimCommandIO } from '../serve-command.js';

/** the shared SimCommandIO, under its old name */
export type McpSimCommandIO = SimCommandIO;

const VARIANTS: McpSimVariant[] = ['sse', 'json', 'stateless', 'paginated', 'revision-2026-07-28'];

export const MCP_SIM_USAGE = `staging-gate sim --protocol mcp — the MCP reference server (Streamable HTTP, 2025-11-25) on loopback

Options:
  --port N                 port to listen on (default 0: any free port)
  --host H                 interface to bind (default 127.0.0.1)
  --version V              serverInfo.version (default sim-1.0.0)
  --jwt-secret S           HS256/384/512 secret tokens are verified with
  --jwt-secret-env VAR     read that secret from the environment variable VAR
  --fault NAME[:ARG]       inject a fault; repeatable, or comma-separated
  --variant V              ${VARIANTS.join(' | ')} (default sse)
  --help                   this text

Faults:
${MCP_FAULTS.map((f) => `  ${f.name.padEnd(26)} ${f.description}\n  ${''.padEnd(26)} → ${f.symptom}`).join('\n')}
`;

export function parseMcpSimArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): { init: McpSimInit & { faults: string[] }; help: boolean; secretEnv?: string } {
  const init: McpSimInit & { faults: string[] } = { faults: [] };
  const seen: CommonSimFlags = { help: false };
  readSimFlags(argv, (f) => {
    if (commonSimFlag(f, init, seen, env)) return;
    const { flag, arg, value } = f;
    switch (flag) {
      case '--fault':
        init.faults.push(...value().split(','));
        break;
      case '--variant': {
        const v = value();
        if (!VARIANTS.includes(v as McpSimVariant))
          throw new SimUsageError(`--variant: expected ${VARIANTS.join(', ')}, got '${v}'`);
        init.variant = v as McpSimVariant;
        break;
      }
      default:
        throw unknownOption(arg);
    }
  });
  parseMcpFaults(init.faults);
  return { init, help: seen.help, ...(seen.secretEnv ? { secretEnv: seen.secretEnv } : {}) };
}

export async function runMcpSimCommand(
  argv: string[],
  io: Partial<McpSimCommandIO> = {},
): Promise<number> {
  return serveSim({
    argv,
    io,
    hint: "Run 'staging-gate sim --protocol mcp --help' for the options.",
    usage: MCP_SIM_USAGE,
    parse: parseMcpSimArgs,
    start: (parsed) => startMcpSim(parsed.init),
    banner: (sim, parsed) => {
      const secretVar =
        parsed.secretEnv ?? (parsed.init.jwtSecret ? 'YOUR_SECRET_VAR' : 'SIM_JWT_SECRET');
      return [
        'staging-gate sim: the MCP reference server is listening',
        `  endpoint: ${sim.agentUrl}`,
        `  version:  ${parsed.init.version ?? 'sim-1.0.0'}`,
        `  variant:  ${parsed.init.variant ?? 'sse'}`,
        `  faults:   ${parsed.init.faults.join(', ') || 'none'}`,
        `  gate it:  staging-gate run --protocol mcp --base-url ${sim.baseUrl} --jwt-secret-env ${secretVar}${parsed.init.jwtSecret ? '' : '  (SIM_JWT_SECRET = the development secret DEFAULT_SIM_SECRET)'}`,
      ];
    },
  });
}
