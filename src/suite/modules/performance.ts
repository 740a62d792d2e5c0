/**
 * The seed's performance targets, measured (PROTOCOL.md §5): each test takes a series of
 * samples of its metric, which go to the run's histograms like every measurement. The test
 * does not judge a p95 of its own: its outcome is its metric's verdict in the metric table
 * (`judgeByMetrics`, runner/metrics.ts), so the report shows one p95 per metric and the
 * test and the table always agree. A body still fails on its own when a request or run
 * breaks (a 503, a run without its events).
 */
import type { MetricName } from '../../model.js';
import type { TestContext } from '../context.js';
import { defineModule } from '../define.js';
import { p95Lost } from '../percentile.js';

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

/** A note of what the series took; the verdict is the metric table's. */
function note(ctx: TestContext, metric: MetricName, samples: number[], measuredAs: string): void {
  if (samples.length === 0) return ctx.check.fail('assertion', `${metric}: no samples were taken`);
  const target = ctx.settings.perfTargets[metric];
  ctx.evidence.add(
    'note',
    `${metric}: ${samples.length} sample${samples.length === 1 ? '' : 's'} of ${measuredAs}, max ${Math.max(...samples).toFixed(1)} ms; judged by the run's ${metric} p95 against ${target} ms`,
  );
}

export const performanceModule = defineModule('performance', 'Performance', {
  'api-response-time': {
    title: `p95 of API round trips is within api_response_ms`,
    metric: 'api_response_ms',
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
      note(ctx, 'api_response_ms', samples, 'GET round trips');
    },
  },
  'ws-latency': {
    title: 'p95 of ping → pong on an idle socket is within ws_latency_ms',
    metric: 'ws_latency_ms',
    requires: ['auth'],
    weight: 2,
    async run(ctx) {
      const session = await ctx.connect(await ctx.users.get(1));
      const samples = await series(ctx, 'ws_latency_ms', PING_SAMPLES, () => session.ping());
      note(ctx, 'ws_latency_ms', samples, 'ping → pong round trips');
    },
  },
  'agent-startup-time': {
    title: 'p95 of start_agent → agent_started is within agent_startup_ms',
    metric: 'agent_startup_ms',
    requires: ['auth'],
    weight: 3,
    async run(ctx) {
      const session = await ctx.connect(await ctx.users.get(1));
      const samples = await series(ctx, 'agent_startup_ms', RUN_SAMPLES, async () => {
        const run = await session.startAgent(ctx.unique('startup timing'));
        ctx.check.expectRun(run, 'timed run');
        return run.startedMs ?? run.firstFrameMs;
      });
      note(ctx, 'agent_startup_ms', samples, 'start_agent → agent_started');
    },
  },
  'message-processing-time': {
    title: 'p95 of user_message → first frame of its run is within message_processing_ms',
    metric: 'message_processing_ms',
    requires: ['auth'],
    weight: 3,
    async run(ctx) {
      const session = await ctx.connect(await ctx.users.get(1));
      const samples = await series(ctx, 'message_processing_ms', RUN_SAMPLES, async () => {
        const run = await session.userMessage(ctx.unique('processing timing'));
        ctx.check.expectRun(run, 'timed run');
        return run.firstFrameMs;
      });
      note(ctx, 'message_processing_ms', samples, 'user_message → first frame of its run');
    },
  },
});
