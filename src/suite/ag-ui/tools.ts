/**
 * `tools`: with suite-config `toolPrompt`, a run the prompt makes call a tool streams its
 * arguments as one JSON document, and its TOOL_CALL_RESULT refers to a call that started.
 * The gate offers the agent no tools of its own (`tools: []`), so every call is the agent's
 * own and its result comes in the run. Without `toolPrompt` both are skipped, and say why.
 */
import { checkToolArgs, toolCallsOf } from '../../agent/ag-ui/rules.js';
import type { AgentRun } from '../../agent/model.js';
import type { ProtocolConfig } from '../../config/protocol.js';
import { GateError } from '../../model.js';
import { expectCompleteRun, violationError } from '../core/judge-run.js';
import type { TestSpec } from '../define.js';
import type { AgUiContext } from './context.js';

const NO_TOOL_PROMPT =
  'no toolPrompt in suite-config: give a message that makes the agent call a tool';

async function toolRun(ctx: AgUiContext, prompt: string): Promise<AgentRun> {
  const run = await ctx.run(await ctx.users.get(1), { prompt, label: 'tool run' });
  expectCompleteRun(run, 'the tool run');
  if (toolCallsOf(run).length === 0) {
    throw new GateError(
      `the tool prompt made no tool call: ${run.events.length} events, none a TOOL_CALL_START`,
      {},
      'missing_event',
    );
  }
  return run;
}

export function toolTests(protocol: ProtocolConfig): Record<string, TestSpec<AgUiContext>> {
  const prompt = protocol.toolPrompt;
  const skip = prompt === undefined ? { skip: NO_TOOL_PROMPT } : {};
  return {
    'args-are-json': {
      title: "A tool call's TOOL_CALL_ARGS join to valid JSON",
      requires: ['auth'],
      ...skip,
      async run(ctx) {
        const run = await toolRun(ctx, prompt ?? '');
        const bad = checkToolArgs(run);
        if (bad) throw violationError(bad, 'the tool run');
      },
    },
    'result-refers-to-call': {
      title: 'A TOOL_CALL_RESULT refers to a tool call that started',
      requires: ['auth'],
      ...skip,
      async run(ctx) {
        // expectCompleteRun holds the rule (a result for a call that never started breaks it)
        const run = await toolRun(ctx, prompt ?? '');
        const answered = toolCallsOf(run).filter((c) => c.result !== undefined);
        if (answered.length === 0) {
          throw new GateError(
            `no TOOL_CALL_RESULT answered the ${toolCallsOf(run).length} tool call(s) of the run`,
            {},
            'missing_event',
          );
        }
      },
    },
  };
}
