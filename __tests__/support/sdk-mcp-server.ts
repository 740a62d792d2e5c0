/**
 * An MCP server nobody here wrote the protocol of: the official SDK's McpServer and
 * StreamableHTTPServerTransport behind express on loopback, with the SDK's own bearer-auth
 * middleware (tokens verified with jose) and RFC 9728 metadata router, DNS-rebinding
 * protection on, and sessions bound to the user who opened them. What we write is only the
 * routing of requests to sessions, as every SDK-based deployment does. It records every tool
 * call its handlers run, so a test can prove which tools the gate called.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { jwtVerify } from 'jose';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import {
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthMetadataRouter,
} from '@modelcontextprotocol/sdk/server/auth/router.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

export interface SdkMcpServer {
  baseUrl: string;
  agentUrl: string;
  /** tool name and arguments of every call a handler ran */
  calls(): Array<{ tool: string; arguments: unknown }>;
  close(): Promise<void>;
}

export const SDK_SERVER_VERSION = 'sdk-build-7';

export async function startSdkMcpServer(opts: {
  jwtSecret: string;
  stateless?: boolean;
}): Promise<SdkMcpServer> {
  const app = express();
  app.use(express.json());
  const calls: Array<{ tool: string; arguments: unknown }> = [];
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; user: string }>();
  const key = new TextEncoder().encode(opts.jwtSecret);
  let baseUrl = '';
  let server: Server | undefined;

  const newMcpServer = (): McpServer => {
    const mcp = new McpServer({ name: 'sdk-tools', version: SDK_SERVER_VERSION });
    mcp.registerTool(
      'echo',
      { description: 'Returns the text', inputSchema: { text: z.string() } },
      ({ text }) => {
        calls.push({ tool: 'echo', arguments: { text } });
        return { content: [{ type: 'text', text: `echo: ${text}` }] };
      },
    );
    mcp.registerTool(
      'delete_everything',
      { description: 'A tool with side effects the gate must never call', inputSchema: {} },
      () => {
        calls.push({ tool: 'delete_everything', arguments: {} });
        return { content: [{ type: 'text', text: 'deleted' }] };
      },
    );
    return mcp;
  };

  const verifier = {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: 'staging-gate' });
        return {
          token,
          clientId: String(payload.sub),
          scopes: [],
          ...(payload.exp !== undefined ? { expiresAt: payload.exp } : {}),
        };
      } catch {
        throw new InvalidTokenError('Invalid or expired token');
      }
    },
  };
  const transportOptions = () => ({
    enableDnsRebindingProtection: true,
    allowedOrigins: [baseUrl],
    allowedHosts: [new URL(baseUrl).host],
  });

  // the routes are added once the port is known (the metadata names the URL)
  const routes = (): void => {
    const agentUrl = new URL('/mcp', baseUrl);
    app.use(
      mcpAuthMetadataRouter({
        oauthMetadata: {
          issuer: baseUrl,
          authorization_endpoint: `${baseUrl}/authorize`,
          token_endpoint: `${baseUrl}/token`,
          response_types_supported: ['code'],
        },
        resourceServerUrl: agentUrl,
      }),
    );
    const auth = requireBearerAuth({
      verifier,
      resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(agentUrl),
    });
    app.post('/mcp', auth, async (req: Request, res: Response) => {
      const user = req.auth?.clientId ?? '';
      if (opts.stateless) {
        const transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: undefined,
          ...transportOptions(),
        });
        const mcp = newMcpServer();
        res.on('close', () => void transport.close().then(() => mcp.close()));
        await mcp.connect(transport);
        return transport.handleRequest(req, res, req.body);
      }
      const sid = req.header('mcp-session-id');
      if (sid !== undefined) {
        const session = sessions.get(sid);
        if (!session) return void res.status(404).json(rpcError(-32001, 'Session not found'));
        if (session.user !== user)
          return void res.status(403).json(rpcError(-32000, 'Session belongs to another user'));
        return session.transport.handleRequest(req, res, req.body);
      }
      if (!isInitializeRequest(req.body))
        return void res.status(400).json(rpcError(-32000, 'Bad Request: Mcp-Session-Id required'));
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void sessions.set(id, { transport, user }),
        ...transportOptions(),
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await newMcpServer().connect(transport);
      return transport.handleRequest(req, res, req.body);
    });
    const bySession = async (req: Request, res: Response): Promise<void> => {
      const sid = req.header('mcp-session-id');
      const session = sid !== undefined ? sessions.get(sid) : undefined;
      if (sid === undefined)
        return void res.status(400).json(rpcError(-32000, 'Mcp-Session-Id required'));
      if (!session || session.user !== (req.auth?.clientId ?? ''))
        return void res.status(404).json(rpcError(-32001, 'Session not found'));
      await session.transport.handleRequest(req, res);
    };
    app.get('/mcp', auth, bySession);
    app.delete('/mcp', auth, bySession);
  };

  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server?.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  routes();
  return {
    baseUrl,
    agentUrl: `${baseUrl}/mcp`,
    calls: () => calls.map((c) => ({ ...c })),
    async close() {
      await Promise.all([...sessions.values()].map((s) => s.transport.close()));
      await new Promise<void>((resolve) => {
        server?.close(() => resolve());
        server?.closeAllConnections();
      });
    },
  };
}

function rpcError(code: number, message: string): Record<string, unknown> {
  return { jsonrpc: '2.0', id: null, error: { code, message } };
}
