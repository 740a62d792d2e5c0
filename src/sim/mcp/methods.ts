/**
 * The JSON-RPC methods of the MCP reference server: `initialize`, `ping`, `tools/list`
 * (paginated in the `paginated` variant), `tools/call`, and `server/discover` for the
 * stateless-revision variant. Each returns a result, a JSON-RPC error, or a crash (HTTP 500).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { McpFaults } from './faults.js';
import { SIM_TOOLS } from './tools.js';

export const SIM_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];

export type MethodOutcome =
  | { result: Record<string, unknown> }
  | { error: { code: number; message: string } }
  | { crash: string };

export interface ToolCallRecord {
  tool: string;
  arguments: Record<string, unknown>;
  user: string;
}

export interface MethodContext {
  faults: McpFaults;
  version: string;
  variant: 'sse' | 'json' | 'stateless' | 'paginated' | 'revision-2026-07-28';
  user: string;
  record(call: ToolCallRecord): void;
}

const PAGE_SIZE = 2;

function listedTools(ctx: MethodContext): Record<string, unknown>[] {
  return SIM_TOOLS.filter((t) => !ctx.faults.missingTools.has(t.name)).map((t, i) => ({
    name: t.name,
    description: t.description,
    inputSchema: ctx.faults.has('bad-tool-schema') && i === 1 ? { type: 'string' } : t.inputSchema,
  }));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function runMethod(
  method: string,
  params: unknown,
  ctx: MethodContext,
): Promise<MethodOutcome> {
  const p = isRecord(params) ? params : {};
  if (ctx.variant === 'revision-2026-07-28') {
    if (method === 'server/discover')
      return {
        result: {
          supportedVersions: ['2026-07-28'],
          capabilities: { tools: {} },
          serverInfo: { name: 'staging-gate-mcp-sim', version: ctx.version },
        },
      };
    if (method === 'initialize') return { error: { code: -32601, message: 'Method not found' } };
  }
  switch (method) {
    case 'initialize': {
      if (ctx.faults.has('initialize-500')) return { crash: 'initialize failed' };
      const asked = typeof p.protocolVersion === 'string' ? p.protocolVersion : '';
      const protocolVersion = ctx.faults.has('wrong-protocol-version')
        ? '1999-01-01'
        : SIM_PROTOCOL_VERSIONS.includes(asked)
          ? asked
          : SIM_PROTOCOL_VERSIONS[0];
      return {
        result: {
          protocolVersion,
          capabilities: { tools: { listChanged: false } },
          serverInfo: {
            name: 'staging-gate-mcp-sim',
            version: ctx.faults.has('stale-version') ? 'sim-0.9.0' : ctx.version,
          },
        },
      };
    }
    case 'ping':
      if (ctx.faults.has('ping-error'))
        return { error: { code: -32601, message: 'Method not found' } };
      return { result: {} };
    case 'tools/list': {
      if (ctx.faults.slowToolsListMs > 0) await sleep(ctx.faults.slowToolsListMs);
      const tools = listedTools(ctx);
      if (ctx.variant !== 'paginated') return { result: { tools } };
      const start = typeof p.cursor === 'string' ? Number.parseInt(p.cursor, 10) : 0;
      if (!Number.isInteger(start) || start < 0 || start > tools.length)
        return { error: { code: -32602, message: 'Invalid cursor' } };
      const end = start + PAGE_SIZE;
      return {
        result: {
          tools: tools.slice(start, end),
          ...(end < tools.length ? { nextCursor: String(end) } : {}),
        },
      };
    }
    case 'tools/call': {
      const name = typeof p.name === 'string' ? p.name : '';
      const args = isRecord(p.arguments) ? p.arguments : {};
      ctx.record({ tool: name, arguments: args, user: ctx.user });
      if (ctx.faults.has('tool-throws')) return { crash: `tool ${name} threw` };
      if (ctx.faults.slowToolMs > 0) await sleep(ctx.faults.slowToolMs);
      const tool = SIM_TOOLS.find((t) => t.name === name && !ctx.faults.missingTools.has(t.name));
      if (!tool) return { error: { code: -32602, message: `Unknown tool: ${name}` } };
      if (ctx.faults.has('tool-is-error'))
        return {
          result: {
            content: [{ type: 'text', text: `${name} failed: upstream unavailable` }],
            isError: true,
          },
        };
      return { result: { content: [{ type: 'text', text: tool.run(args) }], isError: false } };
    }
    default:
      return { error: { code: -32601, message: `Method not found: ${method}` } };
  }
}
