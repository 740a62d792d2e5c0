/**
 * `staging-gate sim --protocol ag-ui`: the reference AG-UI service on loopback until
 * SIGINT/SIGTERM. Resolves 0 after a clean stop, 3 on bad usage, 1 when it cannot start.
 */
import { DEFAULT_SIM_SECRET } from '../options.js';
import { SimUsageError } from '../usage-error.js';
import { AG_UI_FAULTS, agUiFaultSyntax, parseAgUiFaults } from './faults.js';
import { startAgUiSim, type AgUiSimInit, type AgUiSimVariant } from './server.js';

export interface AgUiSimCommandIO {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** resolves when the service should stop; default: the first SIGINT or SIGTERM */
  stop?: Promise<unknown>;
}

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

export function parseAgUiSimArgs(argv: string[], env: Record<string, string | undefined>): Parsed {
  const init: Parsed['init'] = { faults: [] };
  const variant: Partial<AgUiSimVariant> = {};
  const parsed: Parsed = { init, help: false, secretGiven: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.trim() === '') throw new SimUsageError(`${flag} needs a value`);
      return v;
    };
    const integer = (max: number): number => {
      const text = value();
      if (!/^\d+$/.test(text) || Number(text) > max) {
        throw new SimUsageError(`${flag}: expected an integer from 0 to ${max}, got '${text}'`);
      }
      return Number(text);
    };
    switch (flag) {
      case '--help':
      case '-h':
        parsed.help = true;
        break;
      case '--port':
        init.port = integer(65_535);
        break;
      case '--host':
        init.host = value();
        break;
      case '--version':
        init.version = value();
        break;
      case '--jwt-secret':
        init.jwtSecret = value();
        parsed.secretGiven = true;
        delete parsed.secretEnv;
        break;
      case '--jwt-secret-env': {
        const name = value();
        const secret = env[name];
        if (!secret) throw new SimUsageError(`--jwt-secret-env: ${name} is not set or empty`);
        init.jwtSecret = secret;
        parsed.secretGiven = true;
        parsed.secretEnv = name;
        break;
      }
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
        throw new SimUsageError(`unknown option '${arg}'`);
    }
  }
  init.variant = variant;
  parseAgUiFaults(init.faults);
  return parsed;
}

export async function runAgUiSimCommand(
  argv: string[],
  io: Partial<AgUiSimCommandIO> = {},
): Promise<number> {
  const out = io.out ?? ((text: string) => void process.stdout.write(text));
  const err = io.err ?? ((text: string) => void process.stderr.write(text));
  let parsed: Parsed;
  try {
    parsed = parseAgUiSimArgs(argv, io.env ?? process.env);
  } catch (error) {
    if (!(error instanceof SimUsageError)) throw error;
    err(`staging-gate sim: ${error.message}\nRun 'staging-gate sim --protocol ag-ui --help'.\n`);
    return 3;
  }
  if (parsed.help) {
    out(AG_UI_SIM_USAGE);
    return 0;
  }
  let sim;
  try {
    sim = await startAgUiSim(parsed.init);
  } catch (error) {
    err(
      `staging-gate sim: cannot start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return error instanceof SimUsageError ? 3 : 1;
  }
  const run = `staging-gate run --protocol ag-ui --base-url ${sim.baseUrl} --agent-url ${sim.agentUrl}`;
  const secretLine =
    parsed.secretEnv !== undefined
      ? `${run} --jwt-secret-env ${parsed.secretEnv}`
      : parsed.secretGiven
        ? `SIM_JWT_SECRET='<the secret given to --jwt-secret>' ${run} --jwt-secret-env SIM_JWT_SECRET`
        : `SIM_JWT_SECRET=${DEFAULT_SIM_SECRET} ${run} --jwt-secret-env SIM_JWT_SECRET`;
  out(
    [
      'staging-gate sim: the reference AG-UI service is listening',
      `  base URL:  ${sim.baseUrl}`,
      `  AG-UI:     POST ${sim.agentUrl}`,
      `  faults:    ${parsed.init.faults.length > 0 ? parsed.init.faults.join(', ') : 'none'}`,
      'Test it with:',
      `  ${secretLine}`,
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
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
