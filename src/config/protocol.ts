/**
 * The protocol of the service under test (PROTOCOL.md) as data: every path, message type,
 * event name and timing rule is a default that `suite-config` may override.
 */

import type { Scenario } from './scenario-types.js';

export type AuthTransport = 'header' | 'subprotocol' | 'query';

export interface ProtocolConfig {
  paths: {
    health: string;
    apiHealth: string;
    discovery: string;
    mcpConfig: string;
    mcpServers: string;
    agents: string;
    execute: string;
    threads: string;
    /** `{id}` is replaced by the thread id */
    thread: string;
    threadMessages: string;
  };
  /** WebSocket path appended to the base URL when `ws-url` is not given */
  wsPath: string;
  authTransport: AuthTransport;
  messages: {
    ping: string;
    pong: string;
    userMessage: string;
    startAgent: string;
    welcome: string;
    /** the older envelope: {"type": systemMessage, "data": {"event": welcome}} */
    systemMessage: string;
    heartbeat: string;
    ack: string;
    errorTypes: string[];
  };
  events: {
    started: string;
    thinking: string;
    toolExecuting: string;
    toolCompleted: string;
    completed: string;
    error: string;
  };
  /** the agent `start_agent` and the execute endpoint name; empty = the service's default */
  agentName: string;
  /** an agent name the service must not know */
  unknownAgentName: string;
  timing: {
    /** every event within this of the request */
    eventWithinMs: number;
    /** the whole run within this */
    runWithinMs: number;
    /** no gap between two events of a run over this */
    maxGapMs: number;
  };
  users: {
    /** test user N is `${prefix}${NNN}` */
    prefix: string;
    emailDomain: string;
    permissions: string[];
  };
  /** per-request and per-step timeouts */
  requestTimeoutMs: number;
  /** extra HTTP checks declared in suite-config */
  extraTests: ExtraHttpTest[];
  /** the user message a run of an agent sends (ag-ui, a2a) */
  prompt: string;
  /** a message that makes the agent call a tool; the tool checks are skipped without it */
  toolPrompt?: string;
  a2a: A2aConfig;
  mcp: McpConfig;
  /** declared scenarios (INTERFACE.md §6), run beside the built-in tests of any protocol */
  scenarios: Scenario[];
}

export interface A2aConfig {
  version: '1.0' | '0.3';
}

/** A tool call the gate may make: tools on a real server have side effects, so only these. */
export interface McpCall {
  tool: string;
  arguments: Record<string, unknown>;
  /** a substring the call's text content must contain */
  expectText?: string;
}

export interface McpConfig {
  /** tools that must be listed */
  tools: string[];
  /** the only tool calls the gate makes */
  calls: McpCall[];
  /** from an agent-ws run: check the MCP servers `/api/mcp/servers` lists */
  checkListedServers: boolean;
}

export const DEFAULT_PROMPT = 'staging-gate: reply with one short sentence.';

export interface ExtraHttpTest {
  id: string;
  module: string;
  title: string;
  priority: number;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';
  path: string;
  auth: boolean;
  body?: unknown;
  expectStatus: number[];
  /** top-level JSON keys the body must have */
  expectKeys: string[];
}

export const DEFAULT_PROTOCOL: ProtocolConfig = {
  paths: {
    health: '/health',
    apiHealth: '/api/health',
    discovery: '/api/discovery/services',
    mcpConfig: '/api/mcp/config',
    mcpServers: '/api/mcp/servers',
    agents: '/api/agents',
    execute: '/api/agents/execute',
    threads: '/api/threads',
    thread: '/api/threads/{id}',
    threadMessages: '/api/threads/{id}/messages',
  },
  wsPath: '/ws',
  authTransport: 'header',
  messages: {
    ping: 'ping',
    pong: 'pong',
    userMessage: 'user_message',
    startAgent: 'start_agent',
    welcome: 'connection_established',
    systemMessage: 'system_message',
    heartbeat: 'heartbeat',
    ack: 'ack',
    errorTypes: ['error_message', 'error'],
  },
  events: {
    started: 'agent_started',
    thinking: 'agent_thinking',
    toolExecuting: 'tool_executing',
    toolCompleted: 'tool_completed',
    completed: 'agent_completed',
    error: 'agent_error',
  },
  agentName: '',
  unknownAgentName: 'staging-gate-no-such-agent',
  timing: { eventWithinMs: 15_000, runWithinMs: 30_000, maxGapMs: 10_000 },
  users: {
    prefix: 'staging-e2e-user-',
    emailDomain: 'e2e.invalid',
    permissions: ['read', 'write', 'agents:run'],
  },
  requestTimeoutMs: 10_000,
  extraTests: [],
  prompt: DEFAULT_PROMPT,
  a2a: { version: '1.0' },
  mcp: { tools: [], calls: [], checkListedServers: false },
  scenarios: [],
};
