/**
 * What an `mcp` test gets: the base context and an MCP client bound to the endpoint, whose
 * every JSON-RPC round trip is evidence and an `api_response_ms` sample. Tool calls go only
 * through `callDeclared` and `callAbsent`, which ask the run's ledger first.
 */
import type { McpCall } from '../../config/protocol.js';
import type { Settings } from '../../config/settings.js';
import {
  callTool,
  createMcpClient,
  listTools,
  openSession,
  type ExchangeOptions,
  type McpClient,
  type McpSession,
} from '../../agent/mcp/client.js';
import {
  createBaseContext,
  type BaseContext,
  type BaseContextHooks,
  type ContextFactory,
} from '../core/base-context.js';
import { ToolCallLedger } from './ledger.js';

export interface McpTestApi {
  /** the MCP endpoint */
  endpoint: string;
  client: McpClient;
  /** initialize + notifications/initialized with this token (none = no Authorization) */
  open(token?: string, opts?: ExchangeOptions): Promise<McpSession>;
  listTools(session: McpSession): Promise<{ tools: unknown[]; pages: number }>;
  /** a call suite-config declares; its round trip is a `tool_call_ms` sample */
  callDeclared(session: McpSession, call: McpCall): ReturnType<typeof callTool>;
  /** a tool the server's list does not have */
  callAbsent(
    session: McpSession,
    name: string,
    listed: ReadonlySet<string>,
  ): ReturnType<typeof callTool>;
}

export interface McpContext extends BaseContext {
  mcp: McpTestApi;
}

/** The MCP endpoint: `agent-url`, default `<base-url>/mcp`. */
export function mcpEndpoint(settings: Pick<Settings, 'agentUrl' | 'baseUrl'>): string {
  return settings.agentUrl ?? `${settings.baseUrl.replace(/\/$/, '')}/mcp`;
}

export type McpContextFactory = ContextFactory<McpContext> & { ledger: ToolCallLedger };

export function createMcpContext(
  settings: Settings,
  hooks: BaseContextHooks = {},
  endpoint: string = mcpEndpoint(settings),
): McpContextFactory {
  const base = createBaseContext(settings, hooks);
  const ledger = new ToolCallLedger(settings.protocol.mcp.calls);
  const factory = (scope: Parameters<typeof base>[0]): McpContext => {
    const ctx = base(scope);
    return { ...ctx, mcp: mcpApiFor(ctx, endpoint, ledger) };
  };
  return Object.assign(factory, {
    close: () => base.close(),
    ledger,
    toolCalls: () => ledger.entries(),
  });
}

/** The MCP test API on an attempt's base context, for `endpoint`, calls asked of `ledger`. */
export function mcpApiFor(ctx: BaseContext, endpoint: string, ledger: ToolCallLedger): McpTestApi {
  const client = createMcpClient({
    url: endpoint,
    timeoutMs: ctx.settings.protocol.requestTimeoutMs,
    signal: ctx.signal,
    evidence: ctx.evidence,
    secrets: ctx.secrets,
    onRoundTrip: (method, ms) => {
      if (method !== 'tools/call') ctx.metrics.record('api_response_ms', ms);
    },
  });
  return {
    endpoint,
    client,
    open: (token, opts = {}) =>
      openSession(client, { ...opts, ...(token !== undefined ? { token } : {}) }),
    listTools: (session) => listTools(client, session),
    async callDeclared(session, call) {
      ledger.allowDeclared(call);
      const outcome = await callTool(client, session, call.tool, call.arguments);
      if (outcome.answer.status === 200) ctx.metrics.record('tool_call_ms', outcome.answer.ms);
      return outcome;
    },
    callAbsent(session, name, listed) {
      ledger.allowAbsent(name, listed);
      return callTool(client, session, name, {});
    },
  };
}
