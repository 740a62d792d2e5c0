/**
 * How a module declares its tests: a name, a title and a body per test, the module
 * stamping ids (`module/name`) and making sure every session a body opened is closed
 * when the body ends, however it ends.
 */
import type { Capability } from '../agent/adapter.js';
import type { MetricName } from '../model.js';
import type { TestContext } from './context.js';
import type { BaseContext } from './core/base-context.js';
import type { Requirement, SuiteModule, SuiteTest } from './types.js';

export type TestBody<Ctx extends BaseContext = TestContext> = (ctx: Ctx) => Promise<void>;

export interface TestSpec<Ctx extends BaseContext = TestContext> {
  title: string;
  /** default 1 */
  priority?: number;
  /** relative cost for scheduling and shards (default 1) */
  weight?: number;
  requires?: Requirement[];
  timeoutMs?: number;
  /** see `SuiteTest.everyShard` */
  everyShard?: boolean;
  /** what the protocol must carry for this test (core tests); see `SuiteTest.needs` */
  needs?: readonly Capability[];
  /** see `SuiteTest.metric` */
  metric?: MetricName;
  /** see `SuiteTest.skip` */
  skip?: string;
  run: TestBody<Ctx>;
}

export function withCleanup<Ctx extends BaseContext>(body: TestBody<Ctx>): TestBody<Ctx> {
  return async (ctx) => {
    try {
      await body(ctx);
    } finally {
      await ctx.dispose();
    }
  };
}

export function defineTest<Ctx extends BaseContext = TestContext>(
  module: string,
  name: string,
  spec: TestSpec<Ctx>,
): SuiteTest<Ctx> {
  const test: SuiteTest<Ctx> = {
    id: `${module}/${name}`,
    module,
    title: spec.title,
    priority: spec.priority ?? 1,
    run: withCleanup(spec.run),
  };
  if (spec.weight !== undefined) test.weight = spec.weight;
  if (spec.requires !== undefined) test.requires = spec.requires;
  if (spec.timeoutMs !== undefined) test.timeoutMs = spec.timeoutMs;
  if (spec.everyShard) test.everyShard = true;
  if (spec.needs !== undefined) test.needs = spec.needs;
  if (spec.metric !== undefined) test.metric = spec.metric;
  if (spec.skip !== undefined) {
    // not configured (no toolPrompt, no health-path): reported as skipped with why, but it
    // cannot hold the gate inconclusive by default — `critical-tests` can still name it
    test.skip = spec.skip;
    test.critical = false;
  }
  return test;
}

export function defineModule<Ctx extends BaseContext = TestContext>(
  id: string,
  title: string,
  tests: Record<string, TestSpec<Ctx>>,
): SuiteModule<Ctx> {
  return {
    id,
    title,
    tests: Object.entries(tests).map(([name, spec]) => defineTest(id, name, spec)),
  };
}
