/**
 * Tools: `tools/list` followed through every `nextCursor` page, each tool with a name and an
 * object `inputSchema`; the tools suite-config names are listed; each declared smoke call
 * succeeds with its text; an unknown tool gets a JSON-RPC error or an `isError` result. No
 * tool is called unless suite-config declares the call (the ledger refuses any other).
 */
import { randomBytes } from 'node:crypto';
import type { McpSession } from '../../agent/mcp/client.js';
import { statusError } from '../../agent/mcp/client.js';
import { isRecord, toolProblems } from '../../agent/mcp/wire.js';
import type { Settings } from '../../config/settings.js';
import { defineModule } from '../define.js';
import type { McpContext } from './context.js';
import { fail, said } from './judge.js';

const NO_TOOLS = 'suite-config names no tools (mcp.tools)';
const NO_CALLS =
  'suite-config declares no smoke calls (mcp.calls): no tool is called unless declared';

export function namesOf(tools: readonly unknown[]): Set<string> {
  return new Set(tools.flatMap((t) => (isRecord(t) && typeof t.name === 'string' ? [t.name] : [])));
}

/** Every declared smoke call: a result, not isError, its text containing expectText; their ms. */
export async function smokeCalls(ctx: McpContext, session: McpSession): Promise<number[]> {
  const ms: number[] = [];
  for (const call of ctx.settings.protocol.mcp.calls) {
    const what = `tools/call ${call.tool}`;
    const { answer, result } = await ctx.mcp.callDeclared(session, call);
    if (answer.status !== 200) throw statusError(what, answer);
    if (!result)
      fail('agent_error', `${what} answered ${said(answer)}: the declared call failed`, answer);
    if (result.isError)
      fail(
        'agent_error',
        `${what} returned isError: ${result.text.slice(0, 160) || '(no text)'}`,
        answer,
      );
    if (call.expectText !== undefined && !result.text.includes(call.expectText))
      fail(
        'assertion',
        `${what}: the text does not contain ${JSON.stringify(call.expectText)}: ${JSON.stringify(result.text.slice(0, 160))}`,
        answer,
      );
    ctx.evidence.add('note', `${what}: ok in ${Math.round(answer.ms)} ms`);
    ms.push(answer.ms);
  }
  return ms;
}

export function toolsModule(settings: Pick<Settings, 'protocol'>) {
  const mcp = settings.protocol.mcp;
  return defineModule<McpContext>('tools', 'Tools', {
    'list-valid': {
      title: 'tools/list (every page) gives each tool a name and an object inputSchema',
      requires: ['auth'],
      async run({ mcp: api, users, evidence }) {
        const session = await api.open((await users.get(1)).token);
        const { tools, pages } = await api.listTools(session);
        evidence.add('note', `tools/list: ${tools.length} tools over ${pages} page(s)`);
        const problems = tools.flatMap((t, i) => toolProblems(t, `tools[${i}]`));
        const names = [...namesOf(tools)];
        if (names.length < tools.filter((t) => isRecord(t) && typeof t.name === 'string').length)
          problems.push('two tools share a name');
        if (problems.length > 0)
          fail(
            'protocol_violation',
            `tools/list: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
          );
      },
    },
    'declared-present': {
      title: 'the tools suite-config names (mcp.tools) are listed',
      requires: ['auth'],
      ...(mcp.tools.length === 0 ? { skip: NO_TOOLS } : {}),
      async run({ mcp: api, users, settings: s }) {
        const session = await api.open((await users.get(1)).token);
        const listed = namesOf((await api.listTools(session)).tools);
        const missing = s.protocol.mcp.tools.filter((t) => !listed.has(t));
        if (missing.length > 0)
          fail(
            'not_found',
            `tools/list does not list ${missing.map((m) => `'${m}'`).join(', ')} (listed: ${[...listed].join(', ') || 'none'})`,
          );
      },
    },
    'smoke-calls': {
      title: 'each smoke call suite-config declares (mcp.calls) succeeds and its text matches',
      requires: ['auth'],
      ...(mcp.calls.length === 0 ? { skip: NO_CALLS } : {}),
      async run(ctx) {
        await smokeCalls(ctx, await ctx.mcp.open((await ctx.users.get(1)).token));
      },
    },
    'unknown-tool': {
      title:
        'tools/call of a tool the server does not list gets a JSON-RPC error or isError, never a 5xx or a hang',
      requires: ['auth'],
      async run({ mcp: api, users, evidence }) {
        const session = await api.open((await users.get(1)).token);
        const listed = namesOf((await api.listTools(session)).tools);
        const name = `staging-gate-no-such-tool-${randomBytes(4).toString('hex')}`;
        const { answer, result } = await api.callAbsent(session, name, listed);
        if (answer.status !== 200)
          throw statusError(`tools/call of the unknown tool ${name}`, answer);
        if (!answer.response)
          fail(
            'protocol_violation',
            `tools/call of the unknown tool ${name} → 200 without a JSON-RPC response`,
            answer,
          );
        if (result && !result.isError)
          fail(
            'assertion',
            `tools/call of the unknown tool ${name} succeeded: ${JSON.stringify(result.text.slice(0, 120))}`,
            answer,
          );
        evidence.add('note', `unknown tool: ${said(answer)}${result ? ' isError result' : ''}`);
      },
    },
  });
}
