/**
 * How a module declares its tests: a name, a title and a body per test, the module
 * stamping ids (`module/name`) and making sure every session a body opened is closed
 * when the body ends, however it ends.
 */
import type { TestContext } from './context.js';
import type { Requirement, SuiteModule, SuiteTest } from './types.js';

export type TestBody = (ctx: TestContext) => Promise<void>;

export interface TestSpec {
  title: string;
  /** default 1 */
  priority?: number;
  /** relative cost for scheduling and shards (default 1) */
  weight?: number;
  requires?: Requirement[];
  timeoutMs?: number;
  /** see `SuiteTest.everyShard` */
  everyShard?: boolean;
  run: TestBody;
}

export function withCleanup(body: TestBody): TestBody {
  return async (ctx) => {
    try {
      await body(ctx);
    } finally {
      await ctx.dispose();
    }
  };
}

export function defineTest(module: string, name: string, spec: TestSpec): SuiteTest<TestContext> {
  const test: SuiteTest<TestContext> = {
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
  return test;
}

export function defineModule(
  id: string,
  title: string,
  tests: Record<string, TestSpec>,
): SuiteModule<TestContext> {
  return {
    id,
    title,
    tests: Object.entries(tests).map(([name, spec]) => defineTest(id, name, spec)),
  };
}
