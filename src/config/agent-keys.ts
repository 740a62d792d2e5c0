/**
 * The suite-config keys of the protocols beyond agent-ws (INTERFACE.md §5): the prompt a run
 * sends, the prompt that makes the agent call a tool, the A2A version, and the MCP tools
 * that must be listed and the only calls the gate may make.
 */
import type { A2aConfig, McpCall, McpConfig } from './protocol.js';
import {
  boolean,
  choice,
  fail,
  isMapping,
  listOf,
  mappingOf,
  nonEmptyString,
  string,
  type Check,
} from './suite-checks.js';

const callShape = mappingOf<McpCall>({
  tool: nonEmptyString,
  arguments: (a, where) =>
    isMapping(a)
      ? (structuredClone(a) as Record<string, unknown>)
      : fail(where, 'must be a mapping', a),
  expectText: string,
});

/** The keys of one `mcp.calls` entry, for the schema test and the docs. */
export const MCP_CALL_KEYS = callShape.keys;

const mcpCall: Check<McpCall> = (v, at) => {
  if (!isMapping(v)) return fail(at, 'must be a mapping with tool, arguments and expectText', v);
  const call = callShape(v, at);
  if (call.tool === undefined)
    return fail(`${at}.tool`, 'is required: the name of the tool to call');
  return {
    tool: call.tool,
    arguments: call.arguments ?? {},
    ...(call.expectText !== undefined ? { expectText: call.expectText } : {}),
  };
};

export const AGENT_SECTIONS = {
  prompt: nonEmptyString,
  toolPrompt: nonEmptyString,
  a2a: mappingOf<A2aConfig>({ version: choice<A2aConfig['version']>(['1.0', '0.3']) }),
  mcp: mappingOf<McpConfig>({
    tools: listOf(nonEmptyString, { nonEmpty: false, max: 500 }),
    calls: listOf(mcpCall, { nonEmpty: false, max: 50 }),
    checkListedServers: boolean,
  }),
};
