/**
 * The `mcp` protocol (INTERFACE.md §5): an MCP server over Streamable HTTP, revision
 * 2025-11-25 and the older ones the SDK speaks. Not run-based: its tests talk JSON-RPC
 * through the MCP client. Readiness without `health-path` is a successful `initialize`, and
 * `expected-version` is compared with `serverInfo.version`.
 */
import { createMcpClient, openSession } from '../../agent/mcp/client.js';
import { createTokenSource } from '../../client/tokens.js';
import type { Settings } from '../../config/settings.js';
import { GateError, type MetricName } from '../../model.js';
import type { ProtocolSuite } from '../protocol-suite.js';
import type { SuiteModule } from '../types.js';
import { authModule } from './auth.js';
import { createMcpContext, mcpEndpoint, type McpContext } from './context.js';
import { handshakeModule } from './handshake.js';
import { performanceModule } from './performance.js';
import { securityModule } from './security.js';
import { sessionsModule } from './sessions.js';
import { toolsModule } from './tools.js';

export const MCP_METRICS: readonly MetricName[] = ['api_response_ms', 'tool_call_ms'];

export function mcpModules(settings: Pick<Settings, 'protocol'>): SuiteModule<McpContext>[] {
  return [
    handshakeModule,
    authModule,
    toolsModule(settings),
    sessionsModule,
    securityModule,
    performanceModule(settings),
  ];
}

export const mcpSuite: ProtocolSuite<McpContext> = {
  id: 'mcp',
  title: 'MCP',
  metrics: MCP_METRICS,
  modules: (settings) => mcpModules(settings),
  createContext: (settings, hooks) => createMcpContext(settings, hooks),
  readiness(settings) {
    const tokens = createTokenSource({ auth: settings.auth, users: settings.protocol.users });
    return {
      target: 'initialize',
      versionField: 'serverInfo.version',
      async probe(signal) {
        const client = createMcpClient({
          url: mcpEndpoint(settings),
          timeoutMs: settings.protocol.requestTimeoutMs,
          signal,
        });
        const token = tokens.maxUsers > 0 ? await tokens.tokenFor(1) : undefined;
        try {
          const session = await openSession(client, token !== undefined ? { token } : {});
          if (session.sessionId !== undefined)
            await client.terminate(session.options()).catch(() => undefined);
          // the readiness wait reads `status` of the body as /health's; initialize succeeded
          return { status: 200, body: { ...session.init, status: 'healthy' } };
        } catch (err) {
          // a refused token still means the server is up: the auth tests say why it refused
          const status = err instanceof GateError ? err.facts.httpStatus : undefined;
          if (status === 401 || status === 403) return { status: 200, body: { status: 'healthy' } };
          if (status !== undefined) return { status, body: { error: (err as Error).message } };
          throw err;
        }
      },
    };
  },
};
