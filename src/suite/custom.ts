/**
 * `protocol: custom` (INTERFACE.md §5): no built-in tests. What runs is what suite-config
 * declares — `scenarios` (added by the engine, as for every protocol) and `extraTests` — on
 * the base context; readiness is `health-path` when set, else none.
 */
import type { ExtraHttpTest } from '../config/protocol.js';
import { InputError } from '../config/settings.js';
import { createBaseContext, type BaseContext } from './core/base-context.js';
import { extraHttpTest } from './modules/extra-tests.js';
import type { ProtocolSuite } from './protocol-suite.js';
import type { SuiteModule } from './types.js';

function extraModules(specs: readonly ExtraHttpTest[]): SuiteModule<BaseContext>[] {
  const modules: SuiteModule<BaseContext>[] = [];
  for (const spec of specs) {
    let module = modules.find((m) => m.id === spec.module);
    if (!module) {
      const title = spec.module === 'extra' ? 'Extra checks (suite-config)' : spec.module;
      module = { id: spec.module, title, tests: [] };
      modules.push(module);
    }
    module.tests.push(extraHttpTest(spec));
  }
  return modules;
}

export const customSuite: ProtocolSuite<BaseContext> = {
  id: 'custom',
  title: 'custom',
  // what the scenarios record is added by the engine (pipeline/run-gate), as for every protocol
  metrics: [],
  modules: (settings) => {
    // checked with the selection, before any request
    if (settings.expectedVersion !== undefined && settings.healthPath === undefined) {
      throw new InputError(
        'expected-version',
        'protocol custom reports no version without health-path: give health-path (a path whose body has the version at version-field), or leave expected-version out',
      );
    }
    return extraModules(settings.protocol.extraTests);
  },
  createContext: (settings, hooks) => createBaseContext(settings, hooks),
  // no readiness of its own: `health-path` when set, else the run starts at once
  readiness: () => ({
    target: 'no readiness check (protocol custom, no health-path)',
    versionField: 'version',
    probe: () => Promise.resolve({ status: 200, body: { status: 'healthy' } }),
  }),
};
