/**
 * The gate against an MCP server built on the official SDK (McpServer +
 * StreamableHTTPServerTransport, the SDK's bearer auth and RFC 9728 router): every mcp
 * suite test passes, stateful and stateless, and the server's tool handlers ran only the
 * call suite-config declares — never the other tool it lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';
import type { TestResult, ToolCallCount } from '../../src/model.js';
import { startSdkMcpServer, type SdkMcpServer } from '../support/sdk-mcp-server.js';
import { mcpSettingsFor, runMcpTests } from './mcp-harness.js';

const MCP = {
  tools: ['echo', 'delete_everything'],
  calls: [{ tool: 'echo', arguments: { text: 'from the gate' }, expectText: 'from the gate' }],
  checkListedServers: false,
};

describe.each([false, true])('an SDK-built MCP server (stateless: %s)', (stateless) => {
  let server: SdkMcpServer;
  let results: Map<string, TestResult>;
  let toolCalls: ToolCallCount[];

  beforeAll(async () => {
    server = await startSdkMcpServer({ jwtSecret: DEFAULT_SIM_SECRET, stateless });
    const settings = mcpSettingsFor(server.agentUrl, { 'expected-version': 'sdk-build-7' }, MCP);
    ({ results, toolCalls } = await runMcpTests(settings));
  }, 30_000);
  afterAll(() => server.close());

  it('passes every mcp suite test', () => {
    const notPassed = [...results.values()]
      .filter((r) => r.status !== 'passed')
      .map((r) => `${r.id}: ${r.status} ${r.failure?.message ?? r.skipReason ?? ''}`);
    expect(notPassed).toEqual([]);
    expect(results.size).toBeGreaterThanOrEqual(16);
  });

  it('ran only the declared tool call, as the gate recorded it', () => {
    const ran = server.calls();
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.every((c) => c.tool === 'echo')).toBe(true);
    expect(ran.every((c) => JSON.stringify(c.arguments) === '{"text":"from the gate"}')).toBe(true);
    const declared = toolCalls.filter((c) => c.why === 'declared');
    expect(declared).toEqual([{ tool: 'echo', why: 'declared', calls: ran.length }]);
    expect(toolCalls.some((c) => c.tool === 'delete_everything')).toBe(false);
  });
});
