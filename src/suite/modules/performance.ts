/**
 * The seed's performance targets, measured (PROTOCOL.md §5): each test gathers its own
 * samples, records them as metric samples, and fails with `performance_breach` when its
 * own p95 exceeds the target (with `perf-gate: fail`; `warn` and `off` leave the verdict
 * on metrics to the gate and only note the breach here).
 */
import type { MetricName } from '../../model.js';
import type { TestContext } from '../context.js';
import { defineModule } from '../define.js';
import { p95Lost, percentile } from '../percentile.js';

export const PING_SAMPLES = 20;
export const GET_SAMPLES = 20;
export const RUN_SAMPLES = 5;

/** Takes up to `planned` samples, stopping once the p95 target is lost; returns them. */
async function series(
  ctx: TestContext,
  metric: MetricName,
  planned: number,
  sample: () => Promise<number>,
): Promise<number[]> {
  const target = ctx.settings.perfTargets[metric];
  const samples: number[] = [];
  while (samples.length < planned) {
    samples.push(await sample());
    if (p95Lost(samples, planned, target)) break;
  }
  return samples;
}

function judge(ctx: TestContext, metric: MetricName, samples: number[], measuredAs: string): void {
  const target = ctx.settings.perfTargets[metric];
  const p95 = percentile(samples, 95);
  if (p95 === undefined) return ctx.check.fail('assertion', `${metric}: no samples were taken`);
  const line = `${metric}: p95 ${p95.toFixed(1)} ms over ${samples.length} sample${samples.length === 1 ? '' : 's'} of ${measuredAs} (target ${target} ms, max ${Math.max(...samples).toFixed(1)} ms)`;
  ctx.evidence.add('note', line);
  if (p95 <= target || ctx.settings.perfGate !== 'fail') return;
  ctx.check.fail('performance_breach', `${line}: target exceeded`, { elapsedMs: p95 });
}

export const performanceModule = defineModule('performance', 'Performance', {
  'api-response-time': {
    title: `p95 of API round trips is within api_response_ms`,
    weight: 2,
    async run(ctx) {
      const p = ctx.protocol.paths;
      const paths = [p.apiHealth, p.discovery, p.mcpConfig, p.mcpServers, p.health];
      let next = 0;
      const samples = await series(ctx, 'api_response_ms', GET_SAMPLES, async () => {
        const res = await ctx.http.get(paths[next++ % paths.length]);
        ctx.check.expectStatus(res, 200, 'timed GET');
        return res.durationMs;
      });
      judge(ctx, 'api_response_ms', samples, 'GET round trips');
    },
  },
  'ws-latency': {
    title: 'p95 of ping → pong on an idle socket is within ws_latency_ms',
    requires: ['auth'],
    weight: 2,
    async run(ctx) {
      const session = await ctx.connect(await ctx.users.get(1));
      const samples = await series(ctx, 'ws_latency_ms', PING_SAMPLES, () => session.ping());
      judge(ctx, 'ws_latency_ms', samples, 'ping → pong round trips');
    },
  },
  'agent-startup-time': {
    title: 'p95 of start_agent → agent_started is within agent_startup_ms',
    requires: ['auth'],
    weight: 3,
    async run(ctx) {
      const session = await ctx.connect(await ctx.users.get(1));
      const samples = await series(ctx, 'agent_startup_ms', RUN_SAMPLES, async () => {
        const run = await session.startAgent(ctx.unique('startup timing'));
        ctx.check.expectRun(run, 'timed run');
        return run.startedMs ?? run.firstFrameMs;
      });
      judge(ctx, 'agent_startup_ms', samples, 'start_agent → agent_started');
    },
  },
  'message-processing-time': {
    title: 'p95 of user_message → first frame of its run is within message_processing_ms',
    requires: ['auth'],
    weight: 3,
    async run(ctx) {
      const session = await ctx.connect(await ctx.users.get(1));
      const samples = await series(ctx, 'message_processing_ms', RUN_SAMPLES, async () => {
        const run = await session.userMessage(ctx.unique('processing timing'));
        ctx.check.expectRun(run, 'timed run');
        return run.firstFrameMs;
      });
      judge(ctx, 'message_processing_ms', samples, 'user_message → first frame of its run');
    },
  },
});
