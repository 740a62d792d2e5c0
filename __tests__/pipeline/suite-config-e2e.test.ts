// suite-config reaches the wire: a deployment whose WebSocket moved (the seed's moved four
// times) fails without the file and passes with it, unchanged code in between.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import { runGate } from '../../src/pipeline/run-gate.js';
import { DEFAULT_SIM_SECRET, startSim, type SimHandle } from '../../src/sim/index.js';

let sim: SimHandle;
let configPath: string;
beforeAll(async () => {
  sim = await startSim({ wsPath: '/api/v2/stream', eventSpacingMs: 5 });
  configPath = join(mkdtempSync(join(tmpdir(), 'sg-suite-config-')), 'staging-gate.yml');
  writeFileSync(
    configPath,
    [
      '# the deployment under test moved its WebSocket',
      'wsPath: /api/v2/stream',
      'agentName: data-analyst',
      'timing:',
      '  maxGapMs: 5000',
      'perfTargets:',
      '  api_response_ms: 5000',
      '  ws_latency_ms: 5000',
      '  agent_startup_ms: 5000',
      '  message_processing_ms: 5000',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await sim.close();
});

const raw = (extra: Record<string, string> = {}) => ({
  'base-url': sim.baseUrl,
  'jwt-secret': DEFAULT_SIM_SECRET,
  'wait-for-ready': '5',
  retries: '0',
  modules: 'websocket-events,message-flow,agent-pipeline',
  ...extra,
});

describe('suite-config', () => {
  it('without it, the moved WebSocket fails the run tests', async () => {
    const results = await runGate(parseSettings(raw({ 'perf-gate': 'off' })));
    expect(results.verdict).toBe('fail');
    const agentFlow = results.tests.find((t) => t.id === 'websocket-events/agent-event-flow');
    expect(agentFlow?.status).toBe('failed');
    expect(agentFlow?.failure?.httpStatus).toBe(404);
  });

  it('with it, the same suite passes against the same service', async () => {
    const settings = parseSettings(raw({ 'suite-config': configPath }));
    expect(settings.wsUrl).toBe(`${sim.baseUrl.replace('http', 'ws')}/api/v2/stream`);
    expect(settings.protocol.agentName).toBe('data-analyst');
    expect(settings.perfTargets.ws_latency_ms).toBe(5000);
    const results = await runGate(settings);
    const failed = results.tests
      .filter((t) => t.status !== 'passed')
      .map((t) => `${t.id}: ${t.failure?.message}`);
    expect(failed).toEqual([]);
    expect(results.verdict).toBe('pass');
  });
});
