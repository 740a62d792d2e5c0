/**
 * Performance of an MCP server as its clients feel it: `api_response_ms` over JSON-RPC round
 * trips (ping and tools/list on one session), `tool_call_ms` over the declared smoke calls.
 * Each test fails with `performance_breach` when its own p95 exceeds the target (with
 * `perf-gate: fail`).
 */
import { resultOf } from '../../agent/mcp/client.js';
import type { Settings } from '../../config/settings.js';
import type { MetricName } from '../../model.js';
import { defineModule } from '../define.js';
import { p95Lost, percentile } from '../percentile.js';
import type { McpContext } from './context.js';
import { fail } from './judge.js';
import { smokeCalls } from './tools.js';

export const RPC_SAMPLES = 20;

function judge(ctx: McpContext, metric: MetricName, samples: number[], measuredAs: string): void {
  const target = ctx.settings.perfTargets[metric];
  const p95 = percentile(samples, 95);
  if (p95 === undefined) return fail('assertion', `${metric}: no samples were taken`);
  const line = `${metric}: p95 ${p95.toFixed(1)} ms over ${samples.length} sample${samples.length === 1 ? '' : 's'} of ${measuredAs} (target ${target} ms, max ${Math.max(...samples).toFixed(1)} ms)`;
  ctx.evidence.add('note', line);
  if (p95 <= target || ctx.settings.perfGate !== 'fail') return;
  fail('performance_breach', `${line}: target exceeded`);
}

export function performanceModule(settings: Pick<Settings, 'protocol'>) {
  return defineModule<McpContext>('performance', 'Performance', {
    'api-response-time': {
      title: 'p95 of JSON-RPC round trips (ping, tools/list) is within api_response_ms',
      requires: ['auth'],
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
        judge(ctx, 'api_response_ms', samples, 'ping and tools/list round trips');
      },
    },
    'tool-call-time': {
      title: 'p95 of the declared smoke calls is within tool_call_ms',
      requires: ['auth'],
      ...(settings.protocol.mcp.calls.length === 0
        ? {
            skipReason:
              'suite-config declares no smoke calls (mcp.calls): no tool is called unless declared',
          }
        : {}),
      async run(ctx) {
        const session = await ctx.mcp.open((await ctx.users.get(1)).token);
        const samples = await smokeCalls(ctx, session);
        judge(ctx, 'tool_call_ms', samples, 'declared tools/call round trips');
      },
    },
  });
}
