// `protocol: mcp` end to end through runGate with a suite-config file: readiness by
// initialize, expected-version against serverInfo.version, every module, results.json's
// toolCalls; and a fault fails the verdict with its category.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import { mergeResults } from '../../src/pipeline/merge.js';
import { runGate } from '../../src/pipeline/run-gate.js';
import { DEFAULT_GATE_POLICY } from '../../src/verdict/index.js';
import type { Results } from '../../src/model.js';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';
import { startMcpSim, type McpSimHandle } from '../../src/sim/mcp/index.js';

let healthy: McpSimHandle;
let faulty: McpSimHandle;
let configPath: string;
beforeAll(async () => {
  healthy = await startMcpSim({ version: 'build-42' });
  faulty = await startMcpSim({ version: 'build-42', faults: ['session-shared'] });
  configPath = join(mkdtempSync(join(tmpdir(), 'sg-mcp-config-')), 'staging-gate.yml');
  writeFileSync(
    configPath,
    [
      'mcp:',
      '  tools: [echo, classify_request]',
      '  calls:',
      '    - tool: classify_request',
      '      arguments: { request: "usage data for last week" }',
      '      expectText: analysis',
      'perfTargets:',
      '  api_response_ms: 2000',
      '  tool_call_ms: 5000',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await Promise.all([healthy.close(), faulty.close()]);
});

const raw = (sim: McpSimHandle) => ({
  'base-url': sim.baseUrl,
  protocol: 'mcp',
  'jwt-secret': DEFAULT_SIM_SECRET,
  'wait-for-ready': '5',
  'expected-version': 'build-42',
  retries: '0',
  'suite-config': configPath,
});

describe('protocol mcp through runGate', () => {
  it('passes the healthy server, reading its version from initialize, and records the tool calls', async () => {
    const results = await runGate(parseSettings(raw(healthy)));
    const notPassed = results.tests.filter((t) => t.status !== 'passed');
    expect(notPassed.map((t) => `${t.id} ${t.failure?.message ?? t.skipReason}`)).toEqual([]);
    expect(results.verdict).toBe('pass');
    expect(results.target).toMatchObject({ protocol: 'mcp', version: 'build-42' });
    expect(results.metrics.map((m) => [m.name, m.status])).toEqual([
      ['api_response_ms', 'met'],
      ['tool_call_ms', 'met'],
    ]);
    expect(results.modules.map((m) => m.id)).toEqual([
      'handshake',
      'auth',
      'tools',
      'sessions',
      'security',
      'performance',
    ]);
    const received = healthy.calls();
    const declared = received.filter((c) => c.tool === 'classify_request');
    expect(received.length - declared.length).toBe(1); // the one unknown tool
    expect(results.toolCalls).toContainEqual({
      tool: 'classify_request',
      why: 'declared',
      calls: declared.length,
    });
    expect(results.toolCalls?.filter((c) => c.why === 'absent')).toHaveLength(1);
  }, 30_000);

  it('fails a server that lets another user into a session, with isolation_breach', async () => {
    const results = await runGate(parseSettings(raw(faulty)));
    expect(results.verdict).toBe('fail');
    const breach = results.tests.find((t) => t.id === 'sessions/other-user-refused');
    expect(breach?.failure?.category).toBe('isolation_breach');
  }, 30_000);

  it('merges shards: every test once, the tool calls of both counted together', async () => {
    const shards: Results[] = [];
    for (const shard of ['1/2', '2/2'])
      shards.push(await runGate(parseSettings({ ...raw(healthy), shard })));
    const merged = mergeResults(shards, DEFAULT_GATE_POLICY);
    expect(merged.verdict).toBe('pass');
    expect(merged.summary.total).toBe(17);
    const declared = (r: Results) => r.toolCalls?.find((c) => c.why === 'declared')?.calls ?? 0;
    expect(declared(merged)).toBe(declared(shards[0]) + declared(shards[1]));
    expect(declared(merged)).toBeGreaterThan(0);
  }, 30_000);
});
