/**
 * Declared scenarios as suite tests: one `SuiteTest<BaseContext>` each, in the module its id
 * names (a built-in module of the protocol, or a new one), so that selection, shards,
 * retries, timeouts and critical rules treat them exactly like the built-in tests. Every
 * protocol's context extends BaseContext, so a scenario runs beside any protocol's tests.
 */
import { MAX_MS } from '../../config/suite-checks.js';
import type { Scenario, ScenarioStep } from '../../config/scenario-types.js';
import { InputError } from '../../config/settings.js';
import type { MetricName } from '../../model.js';
import type { BaseContext } from '../core/base-context.js';
import { defineTest } from '../define.js';
import type { Requirement, SuiteModule, SuiteTest } from '../types.js';
import { runScenario } from './run-scenario.js';

/** Beyond the steps' own bounds: token minting, closing, the runner's bookkeeping. */
const SLACK_MS = 5_000;

interface Bounds {
  requestTimeoutMs: number;
  runWithinMs: number;
}

function stepBound(step: ScenarioStep, b: Bounds): number {
  const own = step.timeoutMs;
  switch (step.kind) {
    case 'sleep':
      return step.ms;
    case 'send':
      return 0;
    case 'close':
      return own ?? b.requestTimeoutMs;
    case 'request':
      return own ?? b.requestTimeoutMs;
    case 'expect':
      return own ?? step.expect.sequence?.within ?? b.runWithinMs;
    case 'connect':
    case 'stream':
      return (
        (own ?? b.requestTimeoutMs) +
        (step.expect.sequence ? (own ?? step.expect.sequence.within ?? b.runWithinMs) : 0)
      );
  }
}

function requirements(s: Scenario): Requirement[] {
  const out = new Set<Requirement>();
  for (const step of s.steps) {
    const uses =
      step.kind === 'request' || step.kind === 'stream'
        ? step.target.auth
          ? step.target.token
          : undefined
        : step.kind === 'connect' && step.auth !== 'none'
          ? step.token
          : undefined;
    if (uses !== undefined) out.add('auth');
    if (uses === 'expired') out.add('minting');
    if (step.user > 1) out.add('second-user');
  }
  return [...out];
}

export function scenarioTest(s: Scenario, bounds: Bounds): SuiteTest<BaseContext> {
  const total = s.steps.reduce((sum, step) => sum + stepBound(step, bounds), SLACK_MS);
  const requires = requirements(s);
  const name = s.id.slice(s.module.length + 1);
  return defineTest<BaseContext>(s.module, name, {
    title: s.title,
    priority: s.priority,
    timeoutMs: Math.min(total, MAX_MS),
    ...(requires.length > 0 ? { requires } : {}),
    run: (ctx) => runScenario(s, ctx),
  });
}

/**
 * The protocol's modules with the scenarios added, to theirs or to new modules. An id that
 * is already a test is a bad suite-config, named before any request.
 */
export function withScenarios<Ctx>(
  modules: readonly SuiteModule<Ctx>[],
  scenarios: readonly Scenario[],
  bounds: Bounds,
): SuiteModule<Ctx>[] {
  if (scenarios.length === 0) return [...modules];
  const out = modules.map((m) => ({ ...m, tests: [...m.tests] }));
  const ids = new Set(out.flatMap((m) => m.tests.map((t) => t.id)));
  for (const s of scenarios) {
    if (ids.has(s.id)) {
      throw new InputError(
        'suite-config',
        `scenario '${s.id}' has the id of a test the suite already has; choose another name`,
      );
    }
    ids.add(s.id);
    let module = out.find((m) => m.id === s.module);
    if (!module) {
      module = {
        id: s.module,
        title: s.module === 'scenarios' ? 'Scenarios (suite-config)' : s.module,
        tests: [],
      };
      out.push(module);
    }
    // a BaseContext test runs on any protocol's context, which extends BaseContext
    module.tests.push(scenarioTest(s, bounds) as unknown as SuiteTest<Ctx>);
  }
  return out;
}

/** The metrics the scenarios record, for results.json beside the protocol's own. */
export function scenarioMetrics(scenarios: readonly Scenario[]): MetricName[] {
  return [...new Set(scenarios.flatMap((s) => s.metrics))];
}
