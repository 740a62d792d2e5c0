/**
 * The `agent-ws` protocol (PROTOCOL.md): the suite the gate began with, unchanged — its
 * ten modules, the extra HTTP checks of suite-config, and the WebSocket context.
 */
import { AGENT_WS_METRICS } from '../model.js';
import { createSuiteContext, type TestContext } from './context.js';
import { buildSuite } from './index.js';
import type { ProtocolSuite } from './protocol-suite.js';

export const agentWsSuite: ProtocolSuite<TestContext> = {
  id: 'agent-ws',
  title: 'agent-ws',
  metrics: AGENT_WS_METRICS,
  modules: (settings) => buildSuite(settings.protocol),
  createContext: (settings, hooks) => createSuiteContext(settings, hooks),
};
