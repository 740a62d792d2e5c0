/**
 * The streamed-run metrics, measured: each test takes a series of runs as one user, whose
 * times go to the run's histograms like every measurement (request → run start, → first
 * text, → terminal event). A test does not judge a p95 of its own: it stands for its metric
 * (`metric`), and its outcome is that metric's verdict in the metric table, so the report
 * shows one p95 per metric. A run that breaks still fails the test on its own.
 */
import type { MetricName } from '../../model.js';
import type { TestSpec } from '../define.js';
import type { AgentContext } from './agent-context.js';
import { expectCompleteRun } from './judge-run.js';

export const RUN_SAMPLES = 5;

function seriesOf(metric: MetricName, what: string): TestSpec<AgentContext>['run'] {
  return async (ctx) => {
    const user = await ctx.users.get(1);
    for (let i = 1; i <= RUN_SAMPLES; i++) {
      const run = await ctx.run(user, { label: `timed run ${i}` });
      expectCompleteRun(run, `timed run ${i}`);
    }
    ctx.evidence.add(
      'note',
      `${metric}: ${RUN_SAMPLES} timed runs of ${what}; judged by the run's ${metric} p95 against ${ctx.settings.perfTargets[metric]} ms`,
    );
  };
}

export function corePerformanceTests(start: string): Record<string, TestSpec<AgentContext>> {
  return {
    'agent-startup-time': {
      title: `p95 of ${start} → run start is within agent_startup_ms`,
      requires: ['auth'],
      needs: ['runs'],
      metric: 'agent_startup_ms',
      weight: 3,
      run: seriesOf('agent_startup_ms', `${start} → run start`),
    },
    'time-to-first-token': {
      title: `p95 of ${start} → first text delta is within time_to_first_token_ms`,
      requires: ['auth'],
      needs: ['runs', 'streaming'],
      metric: 'time_to_first_token_ms',
      weight: 3,
      run: seriesOf('time_to_first_token_ms', `${start} → first text delta`),
    },
    'run-duration': {
      title: `p95 of ${start} → terminal event is within run_duration_ms`,
      requires: ['auth'],
      needs: ['runs'],
      metric: 'run_duration_ms',
      weight: 3,
      run: seriesOf('run_duration_ms', `${start} → terminal event`),
    },
  };
}
