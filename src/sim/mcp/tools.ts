/** The tools the MCP reference server offers: small, pure, and named like the agent sim's. */

export interface SimTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  run(args: Record<string, unknown>): string;
}

export const SIM_TOOLS: readonly SimTool[] = [
  {
    name: 'echo',
    description: 'Returns the text it is given',
    inputSchema: {
      type: 'object',
      properties: { text: { type: 'string' } },
      required: ['text'],
    },
    run: (args) => `echo: ${typeof args.text === 'string' ? args.text : ''}`,
  },
  {
    name: 'classify_request',
    description: 'Classifies a request for routing',
    inputSchema: {
      type: 'object',
      properties: { request: { type: 'string' } },
      required: ['request'],
    },
    run: (args) =>
      JSON.stringify({
        category: /data|metric|cost|usage/i.test(String(args.request ?? ''))
          ? 'analysis'
          : 'general',
        confidence: 0.92,
      }),
  },
  {
    name: 'query_usage',
    description: 'Token usage of the last seven days',
    inputSchema: { type: 'object', properties: {} },
    run: () => JSON.stringify({ rows: 3, total_tokens: 18_240, period: 'last_7_days' }),
  },
  {
    name: 'summarize_findings',
    description: 'Summarizes what a query found',
    inputSchema: { type: 'object', properties: { topic: { type: 'string' } } },
    run: () => JSON.stringify({ highlights: ['usage up 12% week over week'] }),
  },
];
