/**
 * The bundled action with `protocol: ag-ui`, `a2a`, `mcp` and `custom`, as the runner runs
 * it: each reference service passes healthy and fails under a fault with its category; the
 * outputs, the summary and results.json name the protocol; no secret reaches a file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/model.js';
import { startA2aSim } from '../../src/sim/a2a/server.js';
import { startAgUiSim } from '../../src/sim/ag-ui/server.js';
import { startMcpSim } from '../../src/sim/mcp/server.js';
import { DEFAULT_SIM_SECRET, startSim } from '../../src/sim/index.js';
import { startGithubStandin, type GithubStandin } from '../support/github-standin.js';
import { pullRequestEvent } from './events.js';
import { ActionRunner, ROOT, type ActionRun } from './run-action.js';

const runner = new ActionRunner();
let gh: GithubStandin;
const closers: Array<() => Promise<void>> = [];
const runs = new Map<string, ActionRun>();

const MCP_CONFIG = `mcp:
  calls:
    - tool: echo
      arguments: { text: staging-gate }
      expectText: staging-gate
`;

/** the worked example of docs/SCENARIOS.md, as a team would commit it */
const CUSTOM_CONFIG = readFileSync(join(ROOT, 'docs', 'examples', 'sse-chat.yml'), 'utf8');

function inputs(baseUrl: string, over: Record<string, string>): Record<string, string> {
  return {
    'base-url': baseUrl,
    'jwt-secret': DEFAULT_SIM_SECRET,
    'wait-for-ready': '5',
    'perf-gate': 'warn',
    timeout: '90',
    ...over,
  };
}

async function gate(
  name: string,
  baseUrl: string,
  over: Record<string, string>,
  files?: Record<string, string>,
): Promise<void> {
  runs.set(
    name,
    await runner.run({
      inputs: inputs(baseUrl, { 'comment-key': name, ...over }),
      event: pullRequestEvent(),
      apiUrl: gh.url,
      timeoutMs: 120_000,
      ...(files ? { files } : {}),
    }),
  );
}

function resultsOf(run: ActionRun): Results {
  return JSON.parse(readFileSync(run.outputs['results-path'], 'utf8')) as Results;
}

beforeAll(async () => {
  gh = await startGithubStandin();
  const agUi = await startAgUiSim();
  const agUiBroken = await startAgUiSim({ faults: ['truncated'] });
  const a2a = await startA2aSim();
  const a2aBroken = await startA2aSim({ faults: ['failed-task'] });
  const mcp = await startMcpSim();
  const mcpBroken = await startMcpSim({ faults: ['tool-is-error'] });
  const chat = await startSim({ variant: { sseChat: true } });
  for (const s of [agUi, agUiBroken, a2a, a2aBroken, mcp, mcpBroken, chat])
    closers.push(() => s.close());
  const config = { 'gate.yml': MCP_CONFIG, 'custom.yml': CUSTOM_CONFIG };
  await Promise.all([
    gate('ag-ui', agUi.baseUrl, { protocol: 'ag-ui', 'agent-url': agUi.agentUrl }),
    gate('ag-ui-truncated', agUiBroken.baseUrl, {
      protocol: 'ag-ui',
      'agent-url': agUiBroken.agentUrl,
    }),
    gate('a2a', a2a.baseUrl, { protocol: 'a2a' }),
    gate('a2a-failed', a2aBroken.baseUrl, { protocol: 'a2a' }),
    gate('mcp', mcp.baseUrl, { protocol: 'mcp', 'suite-config': 'gate.yml' }, config),
    gate(
      'mcp-is-error',
      mcpBroken.baseUrl,
      { protocol: 'mcp', 'suite-config': 'gate.yml' },
      config,
    ),
    gate('custom', chat.baseUrl, { protocol: 'custom', 'suite-config': 'custom.yml' }, config),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.all([...closers.map((c) => c()), gh?.close()]);
  runner.cleanup();
});

describe('the action on every protocol', () => {
  it.each(['ag-ui', 'a2a', 'mcp', 'custom'])('%s: a healthy service passes', (name) => {
    const run = runs.get(name)!;
    expect(run.timedOut).toBe(false);
    const results = resultsOf(run);
    const notPassed = results.tests
      .filter((t) => t.status === 'failed')
      .map((t) => `${t.id}: ${t.failure?.message}`);
    expect(notPassed).toEqual([]);
    expect(run.outputs.verdict, results.reason).toBe('pass');
    expect(run.code).toBe(0);
    expect(results.target.protocol).toBe(name);
    expect(Number(run.outputs.passed)).toBeGreaterThan(0);
    expect(run.summary).toContain(`(\`${name}\`)`);
  });

  it.each([
    ['ag-ui-truncated', 'missing_event'],
    ['a2a-failed', 'agent_error'],
    ['mcp-is-error', 'agent_error'],
  ])('%s: fails the step with %s', (name, category) => {
    const run = runs.get(name)!;
    expect(run.timedOut).toBe(false);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.code).toBe(1);
    const results = resultsOf(run);
    expect(results.patterns.map((p) => p.category)).toContain(category);
    expect(readFileSync(join(run.outputs['report-path']), 'utf8')).toContain('What broke');
  });

  it('writes no secret and no token into any file or output', () => {
    for (const run of runs.values()) {
      for (const path of ['results-path', 'report-path', 'junit-path']) {
        const text = readFileSync(run.outputs[path], 'utf8');
        expect(text).not.toContain(DEFAULT_SIM_SECRET);
        expect(text).not.toMatch(/eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/);
      }
      // stdout carries it once, in the ::add-mask:: command that hides it from the log
      expect(run.outputFile + run.summary).not.toContain(DEFAULT_SIM_SECRET);
      const leaking = run.stdout
        .split('\n')
        .filter((l) => l.includes(DEFAULT_SIM_SECRET) && !l.startsWith('::add-mask::'));
      expect(leaking).toEqual([]);
    }
  });
});
