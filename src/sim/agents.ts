/**
 * The agents and MCP servers the reference service offers. Their work is scripted, not
 * intelligent: what matters is that a run emits the protocol's events with plausible data.
 */

export interface ToolDef {
  name: string;
  /** what the tool returns for a request */
  result(request: string): unknown;
}

export interface AgentDef {
  name: string;
  description: string;
  reasoning: string[];
  tools: ToolDef[];
  answer(request: string): string;
}

export const DEFAULT_AGENT = 'triage';

export const AGENTS: readonly AgentDef[] = [
  {
    name: 'triage',
    description: 'Classifies a request and routes it to the right specialist agent',
    reasoning: ['Reading the request', 'Choosing the best specialist for it'],
    tools: [
      {
        name: 'classify_request',
        result: (request) => ({
          category: /data|metric|cost|usage/i.test(request) ? 'analysis' : 'general',
          confidence: 0.92,
        }),
      },
    ],
    answer: (request) => `Triage complete: "${clip(request)}" is routed to data-analyst.`,
  },
  {
    name: 'data-analyst',
    description: 'Queries usage data and summarizes what it finds',
    reasoning: ['Planning the query', 'Checking the numbers for outliers'],
    tools: [
      {
        name: 'query_usage',
        result: () => ({ rows: 3, total_tokens: 18_240, period: 'last_7_days' }),
      },
      {
        name: 'summarize_findings',
        result: () => ({ highlights: ['usage up 12% week over week'] }),
      },
    ],
    answer: (request) => `Analysis of "${clip(request)}": usage is up 12% week over week.`,
  },
];

export function findAgent(name: string | undefined): AgentDef | undefined {
  const wanted = name === undefined || name === '' ? DEFAULT_AGENT : name;
  return AGENTS.find((agent) => agent.name === wanted);
}

export const MCP_SERVERS = [
  {
    name: 'sim-tools',
    status: 'connected',
    transport: 'stdio',
    tools: AGENTS.flatMap((agent) => agent.tools.map((tool) => tool.name)),
  },
];

export function mcpConfig(): Record<string, unknown> {
  return {
    protocol_version: '2024-11-05',
    servers: Object.fromEntries(
      MCP_SERVERS.map((server) => [server.name, { transport: server.transport, enabled: true }]),
    ),
  };
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
