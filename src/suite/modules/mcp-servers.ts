/**
 * From an `agent-ws` run (P2): the MCP checks, without a single tool call, against every MCP
 * server the platform lists at `/api/mcp/servers` with a URL — when suite-config asks for
 * it (`mcp.checkListedServers: true`); otherwise skipped with the reason. The seed's
 * platform failed on this very endpoint; the servers behind it fail its agents next.
 */
import type { ProtocolConfig } from '../../config/protocol.js';
import { GateError } from '../../model.js';
import { defineModule } from '../define.js';
import type { TestContext } from '../context.js';
import { mcpApiFor, type McpContext } from '../mcp/context.js';
import { ToolCallLedger } from '../mcp/ledger.js';
import { mcpModules } from '../mcp/suite.js';

/** The mcp suite's checks that call no tool and need nothing declared. */
export const LISTED_SERVER_CHECKS = [
  'handshake/initialize',
  'handshake/ping',
  'auth/missing-token-rejected',
  'auth/wrong-signature-rejected',
  'auth/expired-token-rejected',
  'auth/valid-token-accepted',
  'auth/resource-metadata',
  'tools/list-valid',
  'sessions/unknown-session-404',
  'sessions/missing-session-400',
  'sessions/other-user-refused',
  'security/foreign-origin-refused',
] as const;

export const LISTED_SERVERS_OFF =
  'suite-config does not ask for it (mcp.checkListedServers: true checks the MCP servers /api/mcp/servers lists)';

/** The listed servers' URLs: entries of `data` with a string `url`. */
export function listedServerUrls(body: unknown): Array<{ name: string; url: string }> {
  const data =
    typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) return [];
  return data.flatMap((s: unknown) => {
    if (typeof s !== 'object' || s === null) return [];
    const { name, url } = s as { name?: unknown; url?: unknown };
    return typeof url === 'string' && /^https?:\/\//.test(url)
      ? [{ name: typeof name === 'string' ? name : url, url }]
      : [];
  });
}

export const mcpServersModule = defineModule<TestContext>('mcp-servers', 'Listed MCP servers', {
  'listed-servers': {
    title:
      'every MCP server /api/mcp/servers lists with a URL passes the MCP checks (no tool calls)',
    priority: 2,
    requires: ['second-user', 'minting'],
    weight: 3,
    async run(ctx) {
      const res = await ctx.http.get(ctx.protocol.paths.mcpServers);
      ctx.check.expectStatus(res, 200, ctx.protocol.paths.mcpServers);
      const servers = listedServerUrls(res.body);
      if (servers.length === 0)
        ctx.check.fail(
          'assertion',
          `mcp.checkListedServers is true, but ${ctx.protocol.paths.mcpServers} lists no server with a url: nothing to check (list the url, or set the key false)`,
        );
      // no calls are declared here, so the ledger refuses every tools/call
      const ledger = new ToolCallLedger([]);
      const settings = { protocol: { ...ctx.protocol, mcp: { ...ctx.protocol.mcp, calls: [] } } };
      const checks = mcpModules(settings)
        .flatMap((m) => m.tests)
        .filter((t) => (LISTED_SERVER_CHECKS as readonly string[]).includes(t.id));
      const failures: GateError[] = [];
      for (const server of servers) {
        const mcpCtx: McpContext = { ...ctx, mcp: mcpApiFor(ctx, server.url, ledger) };
        for (const check of checks) {
          try {
            await check.run(mcpCtx);
          } catch (err) {
            const e = err instanceof GateError ? err : new GateError(String(err));
            failures.push(
              new GateError(
                `MCP server ${server.name} (${server.url}), ${check.id}: ${e.message}`,
                e.facts,
                e.category,
                e.evidence,
              ),
            );
          }
        }
        ctx.evidence.add('note', `MCP server ${server.name}: ${checks.length} checks run`);
      }
      const [first, ...rest] = failures;
      if (first) {
        const more =
          rest.length > 0
            ? ` (and ${rest.length} more: ${rest.map((f) => f.message).join('; ')})`
            : '';
        throw new GateError(`${first.message}${more}`, first.facts, first.category, first.evidence);
      }
    },
  },
});

/** The module as this run's suite-config has it: skipped with the reason unless asked for. */
export function mcpServersFor(protocol: ProtocolConfig): typeof mcpServersModule {
  if (protocol.mcp.checkListedServers) return mcpServersModule;
  return {
    ...mcpServersModule,
    tests: mcpServersModule.tests.map((t) => ({ ...t, skip: LISTED_SERVERS_OFF })),
  };
}
