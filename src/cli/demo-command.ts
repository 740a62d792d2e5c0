/**
 * `staging-gate demo [--fault NAME ...]`: the reference service in-process and the P1
 * suite against it — the README's main job. With a fault it shows a failing gate, each
 * problem once, and where report.md holds their five whys.
 */
import { didYouMean } from '../config/did-you-mean.js';
import { parseSettings } from '../config/parse-settings.js';
import { InputError } from '../config/settings.js';
import { DEFAULT_SIM_SECRET, FAULTS, parseFaults, startSim, SimUsageError } from '../sim/index.js';
import { parseMcpFaults, startMcpSim } from '../sim/mcp/index.js';
import type { Settings } from '../config/settings.js';
import { executeRun, type CliIO, EXIT } from './run-command.js';
import { parseA2aFaults, startA2aSim } from '../sim/a2a/index.js';
import { parseAgUiFaults, startAgUiSim } from '../sim/ag-ui/index.js';

/** The build the embedded service reports at /health. */
export const DEMO_VERSION = 'demo-1.0.0';

/** A prompt the AG-UI reference service answers with a call of its echo tool. */
const DEMO_TOOL_PROMPT = 'staging-gate: call a tool, please';

export const DEMO_USAGE = `staging-gate demo — the P1 suite against the embedded reference service

Usage:
  staging-gate demo [--protocol agent-ws|a2a|ag-ui] [--fault NAME ...] [--expected-version V] [--wait-for-ready S]
                    [--priority 1-2] [--modules M] [--tests T] [--retries N]
                    [--results-dir DIR] [--json]

Starts the reference service (staging-gate sim) on 127.0.0.1, runs the suite against it,
prints the table and writes staging-gate-results/. With --fault it shows a failing gate:
  npm run demo -- --fault ws-1011-on-agent
  npm run demo -- --fault ws-1011-on-agent --fault http-500:/api/mcp/servers   (the seed's incident)
  npm run demo -- --fault stale-version --expected-version ${DEMO_VERSION}   (the old build still answers)
  npm run demo -- --protocol a2a --fault cancel-ignored          (the reference A2A agent)
  npm run demo -- --protocol ag-ui --fault truncated             (the reference AG-UI service)
  npm run demo -- --protocol mcp --fault session-shared          (the MCP reference server)
The embedded service reports version ${DEMO_VERSION}. Faults: see 'staging-gate sim --help'
(and 'staging-gate sim --protocol P --help' for P = a2a, ag-ui, mcp).
`;

/** Flags passed on to the run as the inputs of the same name. */
const RUN_FLAGS = [
  '--priority',
  '--results-dir',
  '--modules',
  '--tests',
  '--retries',
  '--expected-version',
  '--wait-for-ready',
];
const DEMO_FLAGS = ['--fault', '--json', '--help', '--protocol', ...RUN_FLAGS];

/** An unknown fault name is refused here with the nearest one, before the sim starts. */
function checkFaultNames(faults: readonly string[]): void {
  const names = FAULTS.map((f) => f.name);
  for (const spec of faults) {
    const name = spec.split(':')[0].trim();
    if (name !== '' && !names.includes(name)) {
      const hint = didYouMean(name, names);
      throw new SimUsageError(
        `--fault: unknown fault '${name}'${hint || `; valid faults: ${names.join(', ')}`}`,
      );
    }
  }
}

export async function demoCommand(argv: string[], io: CliIO): Promise<number> {
  const faults: string[] = [];
  const raw: Record<string, string> = { priority: '1', 'wait-for-ready': '10', timeout: '120' };
  let json = false;
  let protocol = 'agent-ws';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new InputError(flag, `'${flag}' needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') {
      io.stdout.write(DEMO_USAGE);
      return 0;
    } else if (flag === '--fault') faults.push(...value().split(',').filter(Boolean));
    else if (flag === '--json') json = true;
    else if (flag === '--protocol') protocol = value();
    else if (RUN_FLAGS.includes(flag)) raw[flag.slice(2)] = value();
    else {
      const hint = didYouMean(flag, DEMO_FLAGS);
      io.stderr.write(`staging-gate demo: unknown flag '${flag}'${hint}\n\n${DEMO_USAGE}`);
      return EXIT.usage;
    }
  }
  if (!['agent-ws', 'a2a', 'ag-ui', 'mcp'].includes(protocol)) {
    io.stderr.write(
      `staging-gate demo: --protocol: expected agent-ws, a2a, ag-ui or mcp, got '${protocol}'\n`,
    );
    return EXIT.usage;
  }
  if (protocol === 'mcp') return mcpDemo(faults, raw, json, io);
  try {
    if (protocol === 'a2a') parseA2aFaults(faults);
    else if (protocol === 'ag-ui') parseAgUiFaults(faults);
    else {
      checkFaultNames(faults);
      parseFaults(faults);
    }
  } catch (err) {
    if (err instanceof SimUsageError || err instanceof InputError) {
      io.stderr.write(`staging-gate demo: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  const sim =
    protocol === 'a2a'
      ? await startA2aSim({ faults, version: DEMO_VERSION })
      : protocol === 'ag-ui'
        ? await startAgUiSim({ faults, version: DEMO_VERSION })
        : await startSim({ faults, version: DEMO_VERSION });
  try {
    raw['base-url'] = sim.baseUrl;
    if (protocol === 'ag-ui' && 'agentUrl' in sim) {
      raw.protocol = 'ag-ui';
      raw['agent-url'] = sim.agentUrl;
    } else if ('wsUrl' in sim) raw['ws-url'] = sim.wsUrl;
    else raw.protocol = 'a2a';
    raw['jwt-secret'] = DEFAULT_SIM_SECRET;
    // the AG-UI reference service reports its build at /health and calls its echo tool when
    // asked to: the demo configures both, so that no AG-UI test is skipped for want of them
    if (protocol === 'ag-ui') raw['health-path'] ??= '/health';
    const parsed = parseSettings(raw);
    const settings: Settings =
      protocol === 'ag-ui'
        ? { ...parsed, protocol: { ...parsed.protocol, toolPrompt: DEMO_TOOL_PROMPT } }
        : parsed;
    const label =
      faults.length > 0
        ? `reference service with --fault ${faults.join(' --fault ')}`
        : 'healthy reference service';
    // the summary names each problem once and points to report.md for its five whys
    const code = await executeRun(settings, raw, io, { json, quiet: false, label });
    return code;
  } finally {
    await sim.close();
  }
}

/** The mcp suite against the MCP reference server, with one declared smoke call. */
async function mcpDemo(
  faults: string[],
  raw: Record<string, string>,
  json: boolean,
  io: CliIO,
): Promise<number> {
  try {
    parseMcpFaults(faults);
  } catch (err) {
    if (!(err instanceof SimUsageError)) throw err;
    io.stderr.write(`staging-gate demo: ${err.message}\n`);
    return EXIT.usage;
  }
  const sim = await startMcpSim({ faults, version: 'demo-1.0.0' });
  try {
    Object.assign(raw, {
      'base-url': sim.baseUrl,
      protocol: 'mcp',
      'jwt-secret': DEFAULT_SIM_SECRET,
    });
    const parsed = parseSettings(raw);
    // what a suite-config would declare: the tools that must be listed, the one call allowed
    const settings: Settings = {
      ...parsed,
      protocol: {
        ...parsed.protocol,
        mcp: {
          tools: ['echo', 'query_usage'],
          calls: [{ tool: 'echo', arguments: { text: 'demo' }, expectText: 'demo' }],
          checkListedServers: false,
        },
      },
    };
    const label =
      faults.length > 0
        ? `MCP reference server with --fault ${faults.join(' --fault ')}`
        : 'healthy MCP reference server';
    return await executeRun(settings, raw, io, { json, quiet: false, label });
  } finally {
    await sim.close();
  }
}
