/**
 * `staging-gate demo [--fault NAME ...]`: the reference service in-process and the P1
 * suite against it — the README's main job. With a fault it shows a failing gate and
 * prints the report's five whys.
 */
import { readFileSync } from 'node:fs';
import { parseSettings } from '../config/parse-settings.js';
import { InputError } from '../config/settings.js';
import { DEFAULT_SIM_SECRET, parseFaults, startSim, SimUsageError } from '../sim/index.js';
import { executeRun, type CliIO, EXIT } from './run-command.js';
import { parseA2aFaults, startA2aSim } from '../sim/a2a/index.js';

export const DEMO_USAGE = `staging-gate demo — the P1 suite against the embedded reference service

Usage:
  staging-gate demo [--protocol agent-ws|a2a] [--fault NAME ...] [--priority 1-2] [--results-dir DIR] [--json]

Starts the reference service (staging-gate sim) on 127.0.0.1, runs the suite against it,
prints the table and writes staging-gate-results/. With --fault it shows a failing gate:
  npm run demo -- --fault ws-1011-on-agent
  npm run demo -- --fault ws-1011-on-agent --fault http-500:/api/mcp/servers   (the seed's incident)
  npm run demo -- --protocol a2a --fault cancel-ignored          (the reference A2A agent)
Faults: see 'staging-gate sim --help' (and 'staging-gate sim --protocol a2a --help').
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
  if (protocol !== 'agent-ws' && protocol !== 'a2a') {
    io.stderr.write(`staging-gate demo: --protocol: expected agent-ws or a2a, got '${protocol}'\n`);
    return EXIT.usage;
  }
  try {
    if (protocol === 'a2a') parseA2aFaults(faults);
    else parseFaults(faults);
  } catch (err) {
    if (err instanceof SimUsageError || err instanceof InputError) {
      io.stderr.write(`staging-gate demo: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  const sim =
    protocol === 'a2a'
      ? await startA2aSim({ faults, version: 'demo-1.0.0' })
      : await startSim({ faults, version: 'demo-1.0.0' });
  try {
    raw['base-url'] = sim.baseUrl;
    if ('wsUrl' in sim) raw['ws-url'] = sim.wsUrl;
    else raw.protocol = 'a2a';
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
