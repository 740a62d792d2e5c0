/**
 * Performance of an MCP server as its clients feel it: `api_response_ms` over JSON-RPC round
 * trips (ping and tools/list on one session), `tool_call_ms` over the declared smoke calls.
 * Every round trip of the run is a sample of its metric; each test here takes a series and
 * stands for its metric (`metric`): its outcome is that metric's verdict in the metric table
 * (`judgeByMetrics`), so the report shows one p95 per metric.
 */
import { resultOf } from '../../agent/mcp/client.js';
import type { Settings } from '../../config/settings.js';
import type { MetricName } from '../../model.js';
import { defineModule } from '../define.js';
import { p95Lost } from '../percentile.js';
import type { McpContext } from './context.js';
import { fail } from './judge.js';
import { smokeCalls } from './tools.js';

export const RPC_SAMPLES = 20;

/** A note of what the series took; the verdict is the metric table's. */
function note(ctx: McpContext, metric: MetricName, samples: number[], measuredAs: string): void {
  if (samples.length === 0) return fail('assertion', `${metric}: no samples were taken`);
  ctx.evidence.add(
    'note',
    `${metric}: ${samples.length} sample${samples.length === 1 ? '' : 's'} of ${measuredAs}, max ${Math.max(...samples).toFixed(1)} ms; judged by the run's ${metric} p95 against ${ctx.settings.perfTargets[metric]} ms`,
  );
}

export function performanceModule(settings: Pick<Settings, 'protocol'>) {
  return defineModule<McpContext>('performance', 'Performance', {
    'api-response-time': {
      title: 'p95 of JSON-RPC round trips (ping, tools/list) is within api_response_ms',
      requires: ['auth'],
      metric: 'api_response_ms',
      weight: 2,
      async run(ctx) {
        const session = await ctx.mcp.open((await ctx.users.get(1)).token);
        const target = ctx.settings.perfTargets.api_response_ms;
        const samples: number[] = [];
        while (samples.length < RPC_SAMPLES) {
          const method = samples.length % 2 === 0 ? 'ping' : 'tools/list';
          const answer = await ctx.mcp.client.request(
            method,
            method === 'ping' ? undefined : {},
            session.options(),
          );
          resultOf(method, answer);
          samples.push(answer.ms);
          if (p95Lost(samples, RPC_SAMPLES, target)) break;
        }
        note(ctx, 'api_response_ms', samples, 'ping and tools/list round trips');
      },
    },
    'tool-call-time': {
      title: 'p95 of the declared smoke calls is within tool_call_ms',
      requires: ['auth'],
      metric: 'tool_call_ms',
      ...(settings.protocol.mcp.calls.length === 0
        ? {
            skip: 'suite-config declares no smoke calls (mcp.calls): no tool is called unless declared',
          }
        : {}),
      async run(ctx) {
        const session = await ctx.mcp.open((await ctx.users.get(1)).token);
        const samples = await smokeCalls(ctx, session);
        note(ctx, 'tool_call_ms', samples, 'declared tools/call round trips');
      },
    },
  });
}
