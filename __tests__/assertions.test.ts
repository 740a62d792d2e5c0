/**
 * A test that asserts nothing passes whatever the code does. Every `it`/`test` body in
 * __tests__ must assert: call `expect`, `fc.assert`, or a helper whose name starts with
 * `expect`/`assert` (such helpers assert inside).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return /\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** `it`, `it.each(...)`, `test.concurrent`: the identifier the callee starts from. */
function rootName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return rootName(callee.expression);
  if (ts.isCallExpression(callee)) return rootName(callee.expression);
  return undefined;
}

const ASSERTS = /\b(expect|assert)\w*\s*[(.<]/i;

/** `file:line name` of every test body with no assertion. */
function testsWithoutAssertions(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const title = ts.isCallExpression(node) ? node.arguments[0] : undefined;
    if (
      ts.isCallExpression(node) &&
      ['it', 'test'].includes(rootName(node.expression) ?? '') &&
      // a title, so that `test.run(ctx)` on a variable named test is not taken for one
      title !== undefined &&
      (ts.isStringLiteral(title) || ts.isTemplateLiteral(title))
    ) {
      const body = node.arguments.find(
        (a): a is ts.ArrowFunction | ts.FunctionExpression =>
          ts.isArrowFunction(a) || ts.isFunctionExpression(a),
      );
      if (body && !ASSERTS.test(body.body.getText(source))) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push(`${file}:${line} ${title.getText(source)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('every test asserts something', () => {
  it('finds a test body with no assertion, and accepts one with', () => {
    const empty = "it('runs', async () => { await run(); });";
    const asserting = "it('runs', async () => { expect(await run()).toBe(1); });";
    const each = "it.each([1])('runs %s', (n) => { fc.assert(prop(n)); });";
    expect(testsWithoutAssertions('x.test.ts', empty)).toEqual(["x.test.ts:1 'runs'"]);
    expect(testsWithoutAssertions('x.test.ts', asserting)).toEqual([]);
    expect(testsWithoutAssertions('x.test.ts', each)).toEqual([]);
  });

  it('no test in __tests__ is without one', () => {
    const files = testFiles('__tests__');
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((f) => testsWithoutAssertions(f))).toEqual([]);
  });
});
