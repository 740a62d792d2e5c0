/**
 * The `a2a` protocol (INTERFACE.md §5): an agent that other agents call over A2A v1.0 (or
 * v0.3) JSON-RPC. Its own modules (agent card, messaging, task streams, tasks, errors,
 * isolation) and the core's (auth, streamed answer, concurrency, performance) over the A2A
 * adapter; readiness is the agent card answering 200 JSON, its `version` compared with
 * `expected-version`.
 */
import { CARD_PATH } from '../../agent/a2a/card.js';
import type { MetricName } from '../../model.js';
import { coreAuthTests } from '../core/auth.js';
import { carriedBy } from '../core/capabilities.js';
import { coreConcurrencyTests } from '../core/concurrency.js';
import { corePerformanceTests } from '../core/performance.js';
import { coreStreamingTests } from '../core/runs.js';
import { defineModule } from '../define.js';
import type { ProtocolSuite } from '../protocol-suite.js';
import type { SuiteModule } from '../types.js';
import { agentCardModule } from './agent-card.js';
import { createA2aContext, type A2aContext } from './context.js';
import { errorsModule } from './errors.js';
import { isolationModule } from './isolation.js';
import { messagingModule } from './messaging.js';
import { a2aStreamingTests } from './streaming.js';
import { tasksModule } from './tasks.js';
import type { Settings } from '../../config/settings.js';
import { A2A_CAPABILITIES } from '../../agent/a2a/adapter.js';

export const A2A_METRICS: readonly MetricName[] = [
  'agent_startup_ms',
  'time_to_first_token_ms',
  'run_duration_ms',
];

function allModules(settings: Settings): SuiteModule<A2aContext>[] {
  return [
    agentCardModule,
    defineModule<A2aContext>('auth', 'Authentication', coreAuthTests('the A2A endpoint')),
    messagingModule,
    defineModule<A2aContext>('streaming', 'Streaming', {
      ...a2aStreamingTests,
      ...coreStreamingTests(),
    }),
    tasksModule,
    errorsModule(settings.protocol.a2a.version),
    isolationModule,
    defineModule<A2aContext>('concurrency', 'Concurrency', coreConcurrencyTests()),
    defineModule<A2aContext>(
      'performance',
      'Performance',
      corePerformanceTests('SendStreamingMessage'),
    ),
  ];
}

export const a2aSuite: ProtocolSuite<A2aContext> = {
  id: 'a2a',
  title: 'A2A',
  metrics: A2A_METRICS,
  modules: (settings) => carriedBy(allModules(settings), A2A_CAPABILITIES, 'A2A').modules,
  leftOut: (settings) => carriedBy(allModules(settings), A2A_CAPABILITIES, 'A2A').leftOut,
  createContext: (settings, hooks) => createA2aContext(settings, hooks),
  readiness: (settings, http) => ({
    target: `the agent card ${CARD_PATH}`,
    versionField: 'version',
    async probe(signal) {
      const res = await http.get(CARD_PATH, { signal });
      const card = res.body;
      if (res.status !== 200) return { status: res.status, body: card };
      if (typeof card !== 'object' || card === null || Array.isArray(card)) {
        return { status: 200, body: { status: 'the agent card is not a JSON object' } };
      }
      const version = (card as Record<string, unknown>).version;
      return { status: 200, body: { status: 'healthy', version } };
    },
  }),
};
