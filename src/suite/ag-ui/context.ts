/**
 * The context of an AG-UI test: the agent context (runs as users, measured) with the AG-UI
 * adapter, which can also POST a body as it is (the malformed RunAgentInputs of `errors`).
 */
import { createAgUiAdapter, type AgUiAdapter } from '../../agent/ag-ui/adapter.js';
import { InputError, type Settings } from '../../config/settings.js';
import type { BaseContextHooks, ContextFactory } from '../core/base-context.js';
import { createAgentContext, type AgentContext } from '../core/agent-context.js';

export interface AgUiContext extends AgentContext {
  adapter: AgUiAdapter;
  /** the AG-UI endpoint, absolute */
  agentUrl: string;
}

/** `agent-url`, which an AG-UI run cannot do without (parse-settings requires it already). */
export function agentUrlOf(settings: Pick<Settings, 'agentUrl'>): string {
  if (settings.agentUrl === undefined) {
    throw new InputError(
      'agent-url',
      'required for protocol ag-ui: the URL the AG-UI POST goes to',
    );
  }
  return settings.agentUrl;
}

export function createAgUiContext(
  settings: Settings,
  hooks: BaseContextHooks,
): ContextFactory<AgUiContext> {
  const agentUrl = agentUrlOf(settings);
  return createAgentContext<AgUiContext>(
    settings,
    hooks,
    (base) =>
      createAgUiAdapter({
        agentUrl,
        secrets: base.secrets,
        runWithinMs: settings.protocol.timing.runWithinMs,
      }),
    // the adapter made just above: an AgUiAdapter, which AgentContext knows only as an AgentAdapter
    (ctx) => ({ ...ctx, adapter: ctx.adapter as AgUiAdapter, agentUrl }),
  );
}
