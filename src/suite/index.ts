/**
 * The suite: the priority-1 checks of the seed's platform, module by module, plus the HTTP
 * checks a deployment declares in suite-config. Every test talks to the service over the
 * network through `client/`; none knows or imports the reference service.
 */
import type { ProtocolConfig } from '../config/protocol.js';
import type { TestContext } from './context.js';
import { agentPipelineModule } from './modules/agent-pipeline.js';
import { authModule } from './modules/auth.js';
import { concurrencyModule } from './modules/concurrency.js';
import { criticalPathModule } from './modules/critical-path.js';
import { extraHttpTest } from './modules/extra-tests.js';
import { healthModule } from './modules/health.js';
import { isolationModule } from './modules/isolation.js';
import { mcpServersFor, mcpServersModule } from './modules/mcp-servers.js';
import { messageFlowModule } from './modules/message-flow.js';
import { performanceModule } from './modules/performance.js';
import { threadsModule } from './modules/threads.js';
import { websocketEventsModule } from './modules/websocket-events.js';
import type { SuiteModule } from './types.js';

export const BUILT_IN_MODULES: readonly SuiteModule<TestContext>[] = [
  healthModule,
  criticalPathModule,
  authModule,
  websocketEventsModule,
  messageFlowModule,
  agentPipelineModule,
  threadsModule,
  isolationModule,
  concurrencyModule,
  performanceModule,
  mcpServersModule,
];

/** The built-in modules, with `protocol.extraTests` added to theirs or to new modules. */
export function buildSuite(protocol: ProtocolConfig): SuiteModule<TestContext>[] {
  const modules = BUILT_IN_MODULES.map((m) =>
    m === mcpServersModule ? mcpServersFor(protocol) : m,
  ).map((m) => ({ ...m, tests: [...m.tests] }));
  const ids = new Set(modules.flatMap((m) => m.tests.map((t) => t.id)));
  for (const spec of protocol.extraTests) {
    const test = extraHttpTest(spec);
    if (ids.has(test.id)) {
      throw new Error(
        `suite-config extraTests: the id '${test.id}' is already a built-in test; choose another name`,
      );
    }
    ids.add(test.id);
    let module = modules.find((m) => m.id === test.module);
    if (!module) {
      const title = test.module === 'extra' ? 'Extra checks (suite-config)' : test.module;
      module = { id: test.module, title, tests: [] };
      modules.push(module);
    }
    module.tests.push(test);
  }
  return modules;
}

export {
  createSuiteContext,
  type TestContext,
  type SuiteContextFactory,
  type SuiteContextHooks,
} from './context.js';
