/**
 * The shared run checks: a run keeps the order rules (starts, balanced spans, one terminal
 * event, nothing after it, the stream ends there, only its own ids), and its answer is
 * streamed, not buffered and sent at once.
 */
import { judgeBuffering } from '../../agent/streaming.js';
import { GateError } from '../../model.js';
import type { TestSpec } from '../define.js';
import type { AgentContext } from './agent-context.js';
import { expectCompleteRun, throwIfChannelFailed } from './judge-run.js';
import { checkStartAndEnd } from '../../agent/run-order.js';
import { violationError } from './judge-run.js';

export function coreRunEventsTests(): Record<string, TestSpec<AgentContext>> {
  return {
    'ordered-run': {
      title:
        'A run starts, keeps its messages, steps and tool calls balanced, finishes once, and its stream ends there',
      requires: ['auth'],
      needs: ['runs'],
      weight: 2,
      async run(ctx) {
        const run = await ctx.run(await ctx.users.get(1));
        expectCompleteRun(run, 'the run');
      },
    },
  };
}

export function coreStreamingTests(): Record<string, TestSpec<AgentContext>> {
  return {
    'answer-streams': {
      title:
        'The answer arrives as several text deltas spread over the run, not all at once at its end',
      requires: ['auth'],
      needs: ['runs', 'streaming'],
      weight: 2,
      async run(ctx) {
        const run = await ctx.run(await ctx.users.get(1));
        throwIfChannelFailed(run, 'the run');
        const ended = checkStartAndEnd(run);
        if (ended) throw violationError(ended, 'the run');
        const b = judgeBuffering(run);
        const line = `${b.events} events over ${Math.round(b.runMs)} ms, spread ${Math.round(b.spreadMs)} ms`;
        ctx.evidence.add('note', line);
        if (b.buffered) {
          throw new GateError(
            `the stream was buffered: ${line} — every event came in one burst at the end, so the time to first token is the whole run`,
            { elapsedMs: b.runMs },
            'stream_buffered',
          );
        }
        const deltas = run.events.filter((e) => e.kind === 'text' && e.text);
        if (deltas.length < 2) {
          throw new GateError(
            `the answer came as ${deltas.length} text delta${deltas.length === 1 ? '' : 's'}, not streamed as several`,
            {},
            'missing_event',
          );
        }
      },
    },
  };
}
