/**
 * The `ag-ui` protocol (INTERFACE §5): `POST agent-url` with a RunAgentInput, answered as an
 * event stream of AG-UI 1.0 events. Its modules are the shared core tests over the AG-UI
 * adapter (auth, run-events, streaming, concurrency, performance) and its own (health,
 * tools, errors); readiness without `health-path` is the endpoint answering at all.
 */
import { AG_UI_CAPABILITIES } from '../../agent/ag-ui/adapter.js';
import type { Settings } from '../../config/settings.js';
import type { MetricName } from '../../model.js';
import { coreAuthTests } from '../core/auth.js';
import { carriedBy } from '../core/capabilities.js';
import { coreConcurrencyTests } from '../core/concurrency.js';
import { corePerformanceTests } from '../core/performance.js';
import { coreRunEventsTests, coreStreamingTests } from '../core/runs.js';
import { defineModule } from '../define.js';
import type { ProtocolSuite } from '../protocol-suite.js';
import type { SuiteModule } from '../types.js';
import { agentUrlOf, createAgUiContext, type AgUiContext } from './context.js';
import { errorTests } from './errors.js';
import { agUiReadiness, healthTests } from './health.js';
import { toolTests } from './tools.js';

export const AG_UI_METRICS: readonly MetricName[] = [
  'agent_startup_ms',
  'time_to_first_token_ms',
  'run_duration_ms',
];

function allModules(settings: Settings): SuiteModule<AgUiContext>[] {
  return [
    defineModule<AgUiContext>('health', 'Health and readiness', healthTests(settings)),
    defineModule<AgUiContext>('auth', 'Authentication', coreAuthTests('the AG-UI endpoint')),
    defineModule<AgUiContext>('run-events', 'Run events in order', coreRunEventsTests()),
    defineModule<AgUiContext>('streaming', 'Streamed answer', coreStreamingTests()),
    defineModule<AgUiContext>('tools', 'Tool calls', toolTests(settings.protocol)),
    defineModule<AgUiContext>('errors', 'Malformed input', errorTests()),
    defineModule<AgUiContext>('concurrency', 'Concurrent runs', coreConcurrencyTests()),
    defineModule<AgUiContext>('performance', 'Performance', corePerformanceTests('POST')),
  ];
}

export const agUiSuite: ProtocolSuite<AgUiContext> = {
  id: 'ag-ui',
  title: 'AG-UI',
  metrics: AG_UI_METRICS,
  modules: (settings) => carriedBy(allModules(settings), AG_UI_CAPABILITIES, 'AG-UI').modules,
  leftOut: (settings) => carriedBy(allModules(settings), AG_UI_CAPABILITIES, 'AG-UI').leftOut,
  createContext: (settings, hooks) => createAgUiContext(settings, hooks),
  readiness: (settings) => agUiReadiness(settings, agentUrlOf(settings)),
};
