/**
 * `staging-gate sim --protocol mcp`: the MCP reference server on loopback until SIGINT or
 * SIGTERM. Resolves 0 after a clean stop, 3 on bad usage, 1 when it cannot start. The banner
 * prints the run line that gates it; the secret never appears in it.
 */
import { SimUsageError } from '../usage-error.js';
import { MCP_FAULTS, parseMcpFaults } from './faults.js';
import { startMcpSim, type McpSimInit, type McpSimVariant } from './server.js';

export interface McpSimCommandIO {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  stop?: Promise<unknown>;
}

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
  let help = false;
  let secretEnv: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] =
      argv[i].startsWith('--') && argv[i].includes('=')
        ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
        : [argv[i], undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith('--'))
        throw new SimUsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--help':
      case '-h':
        help = true;
        break;
      case '--port': {
        const text = value();
        const port = Number(text);
        if (!/^\d+$/.test(text) || port > 65_535)
          throw new SimUsageError(`--port: expected an integer from 0 to 65535, got '${text}'`);
        init.port = port;
        break;
      }
      case '--host':
        init.host = value();
        break;
      case '--version':
        init.version = value();
        break;
      case '--jwt-secret':
        init.jwtSecret = value();
        break;
      case '--jwt-secret-env': {
        const name = value();
        const secret = env[name];
        if (!secret)
          throw new SimUsageError(
            `--jwt-secret-env: environment variable ${name} is not set or empty`,
          );
        init.jwtSecret = secret;
        secretEnv = name;
        break;
      }
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
        throw new SimUsageError(`unknown option '${argv[i]}'`);
    }
  }
  parseMcpFaults(init.faults);
  return { init, help, ...(secretEnv ? { secretEnv } : {}) };
}

export async function runMcpSimCommand(
  argv: string[],
  io: Partial<McpSimCommandIO> = {},
): Promise<number> {
  const out = io.out ?? ((text: string) => void process.stdout.write(text));
  const err = io.err ?? ((text: string) => void process.stderr.write(text));
  let parsed: ReturnType<typeof parseMcpSimArgs>;
  try {
    parsed = parseMcpSimArgs(argv, io.env ?? process.env);
  } catch (error) {
    if (!(error instanceof SimUsageError)) throw error;
    err(
      `staging-gate sim: ${error.message}\nRun 'staging-gate sim --protocol mcp --help' for the options.\n`,
    );
    return 3;
  }
  if (parsed.help) {
    out(MCP_SIM_USAGE);
    return 0;
  }
  let sim;
  try {
    sim = await startMcpSim(parsed.init);
  } catch (error) {
    err(
      `staging-gate sim: cannot start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return error instanceof SimUsageError ? 3 : 1;
  }
  const secretVar =
    parsed.secretEnv ?? (parsed.init.jwtSecret ? 'YOUR_SECRET_VAR' : 'SIM_JWT_SECRET');
  out(
    [
      'staging-gate sim: the MCP reference server is listening',
      `  endpoint: ${sim.agentUrl}`,
      `  version:  ${parsed.init.version ?? 'sim-1.0.0'}`,
      `  variant:  ${parsed.init.variant ?? 'sse'}`,
      `  faults:   ${parsed.init.faults.join(', ') || 'none'}`,
      `  gate it:  staging-gate run --protocol mcp --base-url ${sim.baseUrl} --jwt-secret-env ${secretVar}${parsed.init.jwtSecret ? '' : '  (SIM_JWT_SECRET = the development secret DEFAULT_SIM_SECRET)'}`,
      'Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
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
