// The bundled CLI as a person runs it: `staging-gate run --protocol mcp --base-url URL
// --jwt-secret-env VAR --suite-config FILE` passes the healthy MCP reference server and fails
// a faulty one with its category; the secret reaches no file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/model.js';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';
import { startMcpSim, type McpSimHandle } from '../../src/sim/mcp/index.js';
import { runCli } from './run-cli.js';

let healthy: McpSimHandle;
let faulty: McpSimHandle;
let config: string;
beforeAll(async () => {
  [healthy, faulty] = await Promise.all([
    startMcpSim({}),
    startMcpSim({ faults: ['tool-is-error'] }),
  ]);
  config = join(mkdtempSync(join(tmpdir(), 'sg-mcp-cli-')), 'mcp.yml');
  writeFileSync(
    config,
    'mcp:\n  tools: [echo]\n  calls:\n    - { tool: echo, arguments: { text: cli }, expectText: cli }\nperfTargets: { api_response_ms: 5000, tool_call_ms: 5000 }\n',
  );
});
afterAll(() => Promise.all([healthy.close(), faulty.close()]));

const run = (sim: McpSimHandle) =>
  runCli({
    args: [
      '--protocol',
      'mcp',
      '--base-url',
      sim.baseUrl,
      '--jwt-secret-env',
      'MCP_SECRET',
      '--suite-config',
      config,
      '--retries',
      '0',
      '--wait-for-ready',
      '5',
    ],
    env: { MCP_SECRET: DEFAULT_SIM_SECRET },
    killAfterMs: 60_000,
  });

describe('staging-gate run --protocol mcp (bundled CLI)', () => {
  it('passes the healthy MCP server and fails one whose tools answer isError, with agent_error', async () => {
    const [pass, fail] = await Promise.all([run(healthy), run(faulty)]);
    expect(pass.code, pass.stderr).toBe(0);
    const good = JSON.parse(readFileSync(join(pass.resultsDir, 'results.json'), 'utf8')) as Results;
    expect(good.target.protocol).toBe('mcp');
    expect(good.toolCalls?.find((c) => c.why === 'declared')?.tool).toBe('echo');
    expect(fail.code).toBe(1);
    const bad = JSON.parse(readFileSync(join(fail.resultsDir, 'results.json'), 'utf8')) as Results;
    expect(bad.tests.find((t) => t.id === 'tools/smoke-calls')?.failure?.category).toBe(
      'agent_error',
    );
    for (const r of [pass, fail])
      for (const f of ['results.json', 'report.md', 'junit.xml'])
        expect(readFileSync(join(r.resultsDir, f), 'utf8')).not.toContain(DEFAULT_SIM_SECRET);
  }, 90_000);
});
