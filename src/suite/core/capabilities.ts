/**
 * Tests a protocol cannot carry are not selected for it: a core test declares what it needs
 * (`needs`), and a protocol's suite keeps only the tests its adapter can carry, listing the
 * rest with why — the report shows them as left out, never as passed.
 */
import type { Capability } from '../../agent/adapter.js';
import type { LeftOut } from '../protocol-suite.js';
import type { SuiteModule } from '../types.js';

const WHY: Record<Capability, string> = {
  runs: 'the protocol has no agent runs',
  streaming: 'the protocol does not stream a run’s events',
  'run-ids': 'the protocol’s runs carry no ids to tell crossed streams apart',
  auth: 'the protocol does not check tokens per request',
};

export function carriedBy<Ctx>(
  modules: readonly SuiteModule<Ctx>[],
  capabilities: ReadonlySet<Capability>,
  protocolTitle: string,
): { modules: SuiteModule<Ctx>[]; leftOut: LeftOut[] } {
  const leftOut: LeftOut[] = [];
  const kept = modules
    .map((m) => ({
      ...m,
      tests: m.tests.filter((t) => {
        const missing = (t.needs ?? []).find((c) => !capabilities.has(c));
        if (missing === undefined) return true;
        leftOut.push({ id: t.id, reason: `${protocolTitle}: ${WHY[missing]}` });
        return false;
      }),
    }))
    .filter((m) => m.tests.length > 0);
  return { modules: kept, leftOut };
}
