/**
 * `staging-gate demo [--fault NAME ...]`: the reference service in-process and the P1
 * suite against it — the README's main job. With a fault it shows a failing gate and
 * prints the report's five whys.
 */
import { readFileSync } from 'node:fs';
import { parseSettings } from '../config/parse-settings.js';
import { InputError } from '../config/settings.js';
import { DEFAULT_SIM_SECRET, parseFaults, startSim, SimUsageError } from '../sim/index.js';
import { parseMcpFaults, startMcpSim } from '../sim/mcp/index.js';
import type { Settings } from '../config/settings.js';
import { executeRun, type CliIO, EXIT } from './run-command.js';

export const DEMO_USAGE = `staging-gate demo — the P1 suite against the embedded reference service

Usage:
  staging-gate demo [--fault NAME ...] [--priority 1-2] [--results-dir DIR] [--json]

Starts the reference service (staging-gate sim) on 127.0.0.1, runs the suite against it,
prints the table and writes staging-gate-results/. With --fault it shows a failing gate:
  npm run demo -- --fault ws-1011-on-agent
  npm run demo -- --fault ws-1011-on-agent --fault http-500:/api/mcp/servers   (the seed's incident)
Faults: see 'staging-gate sim --help'.

  npm run demo -- --protocol mcp [--fault session-shared]   the MCP reference server and the mcp suite
  (faults: 'staging-gate sim --protocol mcp --help')
`;

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
    else if (['--priority', '--results-dir', '--modules', '--tests', '--retries'].includes(flag))
      raw[flag.slice(2)] = value();
    else {
      io.stderr.write(`staging-gate demo: unknown flag '${flag}'\n\n${DEMO_USAGE}`);
      return EXIT.usage;
    }
  }
  if (protocol !== 'agent-ws' && protocol !== 'mcp') {
    io.stderr.write(`staging-gate demo: --protocol: expected agent-ws or mcp, got '${protocol}'\n`);
    return EXIT.usage;
  }
  if (protocol === 'mcp') return mcpDemo(faults, raw, json, io);
  try {
    parseFaults(faults);
  } catch (err) {
    if (err instanceof SimUsageError || err instanceof InputError) {
      io.stderr.write(`staging-gate demo: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  const sim = await startSim({ faults, version: 'demo-1.0.0' });
  try {
    raw['base-url'] = sim.baseUrl;
    raw['ws-url'] = sim.wsUrl;
    raw['jwt-secret'] = DEFAULT_SIM_SECRET;
    const settings = parseSettings(raw);
    const label =
      faults.length > 0
        ? `reference service with --fault ${faults.join(' --fault ')}`
        : 'healthy reference service';
    const code = await executeRun(settings, raw, io, { json, quiet: false, label });
    if (!json && code !== EXIT.pass) {
      const report = readFileSync(`${settings.resultsDir}/report.md`, 'utf8');
      const start = report.indexOf('### Five whys');
      if (start >= 0) {
        const end = report.indexOf('\n### ', start + 5);
        io.stdout.write(`\n${report.slice(start, end < 0 ? undefined : end).trim()}\n\n`);
      }
    }
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
