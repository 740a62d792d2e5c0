/**
 * schema/suite-config.schema.json (what editors check) and loadSuiteConfig (what a run
 * checks) agree: the same keys in every section, the examples of docs/SUITE-CONFIG.md valid in
 * both, bad files refused by both at the same key, and on generated documents the same answer.
 * docs/SUITE-CONFIG.md lists the same keys as both.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError } from '../../src/config/settings.js';
import {
  loadSuiteConfig,
  SUITE_CONFIG_ITEM_KEYS,
  SUITE_CONFIG_KEYS,
} from '../../src/config/suite-config.js';

interface SchemaNode {
  $ref?: string;
  allOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: boolean;
}

const SCHEMA_PATH = 'schema/suite-config.schema.json';
const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as SchemaNode & {
  definitions: Record<string, SchemaNode>;
};
const DOC = readFileSync('docs/SUITE-CONFIG.md', 'utf8');

// strict: an unknown keyword or a type-less constraint in the schema is an error here
const ajv = new Ajv({ strict: true, allErrors: true });
const validate = ajv.compile(schema);

/** The node a `$ref` (or an `allOf` of one) points at. */
function deref(node: SchemaNode): SchemaNode {
  const ref = node.$ref ?? node.allOf?.find((n) => n.$ref)?.$ref;
  if (ref === undefined) return node;
  return deref(schema.definitions[ref.replace('#/definitions/', '')]);
}

function schemaKeys(node: SchemaNode): string[] {
  return Object.keys(deref(node).properties ?? {});
}

type LoaderAnswer = { ok: true } | { ok: false; message: string };

function loader(text: string, file: string): LoaderAnswer {
  try {
    loadSuiteConfig(text, file);
    return { ok: true };
  } catch (err) {
    if (err instanceof InputError) return { ok: false, message: err.message };
    throw err;
  }
}

/** `/extraTests/0/id` → `extraTests[0].id`, the way the loader names a key. */
function keyPath(e: ErrorObject): string {
  const params = e.params as { additionalProperty?: string; missingProperty?: string };
  const parts = e.instancePath.split('/').slice(1);
  const last = params.additionalProperty ?? params.missingProperty;
  if (last !== undefined) parts.push(last);
  return parts.reduce((at, p) => (/^\d+$/.test(p) ? `${at}[${p}]` : at ? `${at}.${p}` : p), '');
}

/** The rows `| \`key\` |` of the `### \`section\`` part of the page. */
function documentedKeys(section: string): string[] {
  const start = DOC.indexOf(`### \`${section}\`\n`);
  if (start < 0) return [];
  const end = DOC.indexOf('\n#', start + 1);
  const part = DOC.slice(start, end < 0 ? undefined : end);
  return [...part.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
}

describe('the suite-config schema and the loader', () => {
  it('accept the same top-level keys, and the same keys in every section', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual([...SUITE_CONFIG_KEYS.top].sort());
    for (const [section, keys] of Object.entries(SUITE_CONFIG_KEYS.sections)) {
      const node = deref(schema.properties?.[section] ?? {});
      expect(node.additionalProperties, section).toBe(false);
      expect(schemaKeys(node).sort(), section).toEqual([...keys].sort());
    }
    for (const [section, keys] of Object.entries(SUITE_CONFIG_ITEM_KEYS)) {
      // `mcp.calls`: the list at that path, then its entries
      const list = section
        .split('.')
        .reduce<SchemaNode>((node, key) => deref(node).properties?.[key] ?? {}, schema);
      const items = deref(deref(list).items ?? {});
      expect(items.additionalProperties, section).toBe(false);
      expect(schemaKeys(items).sort(), `${section}[]`).toEqual([...keys].sort());
    }
  });

  it('docs/SUITE-CONFIG.md documents every key of every section, and no other', () => {
    const top = [...DOC.matchAll(/^\| (?:\[`([^`]+)`\]\(#[a-z0-9-]+\)|`(\$schema)`) \|/gm)].map(
      (m) => m[1] ?? m[2],
    );
    expect(top.sort()).toEqual([...SUITE_CONFIG_KEYS.top].sort());
    for (const key of SUITE_CONFIG_KEYS.top.filter((k) => k !== '$schema')) {
      expect(DOC, key).toContain(`### \`${key}\`\n`);
    }
    const sections = { ...SUITE_CONFIG_KEYS.sections, ...SUITE_CONFIG_ITEM_KEYS };
    for (const [section, keys] of Object.entries(sections)) {
      expect(documentedKeys(section).sort(), section).toEqual([...keys].sort());
    }
  });

  it('the examples of docs/SUITE-CONFIG.md pass both, and name the schema for editors', () => {
    const examples = [...DOC.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const text of examples) {
      expect(loader(text, 'example.yml'), text).toEqual({ ok: true });
      expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
      expect(text).toMatch(/^# yaml-language-server: \$schema=\S+suite-config\.schema\.json$/m);
    }
    // the relative address of the full example resolves from docs/ to the schema
    expect(DOC).toContain('$schema=../schema/suite-config.schema.json');
  });

  it('a JSON file may name the schema with "$schema"', () => {
    const json = JSON.stringify({ $schema: `../${SCHEMA_PATH}`, wsPath: '/v2/ws' });
    expect(loadSuiteConfig(json, 'suite.json')).toEqual({ wsPath: '/v2/ws' });
    expect(validate(JSON.parse(json))).toBe(true);
    expect(loader('$schema: 5\n', 'x.yml')).toEqual({
      ok: false,
      message: "Input 'suite-config': key '$schema' must be a string, got 5",
    });
  });

  it.each([
    ['zzz: 1\n', 'zzz'],
    ['maxGapMs: 5\n', 'maxGapMs'],
    ['paths: {health: healthz}\n', 'paths.health'],
    ['paths: {health: "/a b"}\n', 'paths.health'],
    ['paths: {thread: /t/x}\n', 'paths.thread'],
    ['paths: {heath: /h}\n', 'paths.heath'],
    ['paths: [a]\n', 'paths'],
    ['wsPath: ws\n', 'wsPath'],
    ['authTransport: cookie\n', 'authTransport'],
    ['messages: {welcome: ""}\n', 'messages.welcome'],
    ['messages: {welcome: "  "}\n', 'messages.welcome'],
    ['messages: {errorTypes: []}\n', 'messages.errorTypes'],
    ['messages: {errorTypes: [a, ""]}\n', 'messages.errorTypes[1]'],
    ['events: {completed: 5}\n', 'events.completed'],
    ['agentName: 5\n', 'agentName'],
    ['unknownAgentName: ""\n', 'unknownAgentName'],
    ['timing: {maxGapMs: 0}\n', 'timing.maxGapMs'],
    ['timing: {maxGapMs: 86400001}\n', 'timing.maxGapMs'],
    ['timing: {maxGapMs: "5"}\n', 'timing.maxGapMs'],
    ['timing: {maxGap: 5}\n', 'timing.maxGap'],
    ['users: {emailDomain: a@b}\n', 'users.emailDomain'],
    ['users: {permissions: read}\n', 'users.permissions'],
    ['requestTimeoutMs: -1\n', 'requestTimeoutMs'],
    ['perfTargets: {ws_latncy_ms: 5}\n', 'perfTargets.ws_latncy_ms'],
    ['perfTargets: {ws_latency_ms: 0}\n', 'perfTargets.ws_latency_ms'],
    ['prompt: ""\n', 'prompt'],
    ['toolPrompt: 5\n', 'toolPrompt'],
    ['a2a: {version: "2.0"}\n', 'a2a.version'],
    ['a2a: {versoin: "1.0"}\n', 'a2a.versoin'],
    ['mcp: {tools: [""]}\n', 'mcp.tools[0]'],
    ['mcp: {calls: [{arguments: {}}]}\n', 'mcp.calls[0].tool'],
    ['mcp: {calls: [{tool: t, arguments: [1]}]}\n', 'mcp.calls[0].arguments'],
    ['mcp: {calls: [{tool: t, args: {}}]}\n', 'mcp.calls[0].args'],
    ['mcp: {checkListedServers: "yes"}\n', 'mcp.checkListedServers'],
    ['perfTargets: {tool_call_ms: -1}\n', 'perfTargets.tool_call_ms'],
    ['extraTests: {id: a}\n', 'extraTests'],
    ['extraTests: [{path: /x}]\n', 'extraTests[0].id'],
    ['extraTests: [{id: a}]\n', 'extraTests[0].path'],
    ['extraTests: [{id: a/b/c, path: /x}]\n', 'extraTests[0].id'],
    ['extraTests: [{id: -a, path: /x}]\n', 'extraTests[0].id'],
    ['extraTests: [{id: a, module: "m n", path: /x}]\n', 'extraTests[0].module'],
    ['extraTests: [{id: a, path: /x, method: FETCH}]\n', 'extraTests[0].method'],
    ['extraTests: [{id: a, path: /x, body: {}}]\n', 'extraTests[0].body'],
    ['extraTests: [{id: a, path: /x, method: head, body: 1}]\n', 'extraTests[0].body'],
    ['extraTests: [{id: a, path: /x, expectStatus: 700}]\n', 'extraTests[0].expectStatus'],
    ['extraTests: [{id: a, path: /x, expectStatus: [200, 99]}]\n', 'extraTests[0].expectStatus'],
    ['extraTests: [{id: a, path: /x, priority: 0}]\n', 'extraTests[0].priority'],
    ['extraTests: [{id: a, path: /x, auth: "no"}]\n', 'extraTests[0].auth'],
    ['extraTests: [{id: a, path: /x, expect: 200}]\n', 'extraTests[0].expect'],
  ])('both refuse %j at %s', (text, key) => {
    const answer = loader(text, 'bad.yml');
    expect(answer.ok).toBe(false);
    expect(answer.ok ? '' : answer.message).toContain(`key '${key}`);
    expect(validate(parse(text))).toBe(false);
    const paths = (validate.errors ?? []).map(keyPath);
    // the schema reports the key or, for a value inside it, the key's own path
    expect(
      paths.some((p) => p === key || key.startsWith(`${p}[`) || p.startsWith(key)),
      paths.join(),
    ).toBe(true);
  });

  // What a JSON Schema cannot say: one entry compared with another.
  it.each([
    ['extraTests: [{id: a, path: /x}, {id: extra/a, path: /y}]\n', 'repeats the test id'],
    ['extraTests: [{id: m/a, module: n, path: /x}]\n', 'must match the module of id'],
  ])('only the loader refuses %j (the docs say so)', (text, why) => {
    expect(validate(parse(text))).toBe(true);
    expect(loader(text, 'bad.yml')).toMatchObject({
      ok: false,
      message: expect.stringContaining(why),
    });
    expect(DOC).toContain('with two exceptions that only the run');
  });

  it('give the same answer on generated documents', () => {
    const pick = <T>(...values: T[]) => fc.constantFrom(...values);
    // mostly valid values, so that whole documents are often valid too
    const vals = (valid: unknown[], invalid: unknown[]) =>
      fc.oneof(
        { weight: 15, arbitrary: pick(...valid) },
        { weight: 1, arbitrary: pick(...invalid) },
      );
    const path = vals(['/x', '/a/b-c', '/', '/t/{id}'], ['x', '/a b', '', 5, null, ['/x']]);
    const template = vals(['/t/{id}', '/t/{id}/m'], ['/t', 'x{id}', '', 7]);
    const text = vals(['a', 'agent_done', ' b '], ['', '  ', 3, null, true]);
    const ms = vals([1, 0.5, 2500, 86_400_000], [0, -1, 86_400_001, '5', true, null]);
    const texts = vals([['a'], ['a', 'b']], [[], ['a', ''], 'a', Array(21).fill('x')]);
    const mapping = <T extends Record<string, fc.Arbitrary<unknown>>>(shape: T) =>
      fc.oneof(
        { weight: 15, arbitrary: fc.record(shape, { requiredKeys: [] }) },
        { weight: 1, arbitrary: fc.record({ ...shape, typo: text }, { requiredKeys: ['typo'] }) },
        { weight: 1, arbitrary: pick<unknown>([], 'x', null, 3) },
      );
    const extraTest = (i: number) =>
      fc
        .record(
          {
            id: vals([`t${i}`, `m${i}/t${i}`], ['', 'a/b/c', '-x', 5]),
            module: vals([`m${i}`], ['bad module', 3]),
            title: text,
            priority: vals([1, 2, 99], [0, 100, 1.5, '1']),
            method: vals(['GET', 'post', 'Put', 'HEAD', 'head', 'delete', 'PATCH'], ['FETCH', 1]),
            path,
            auth: vals([true, false], ['yes']),
            body: pick<unknown>({ a: 1 }, [1], 'x', null),
            expectStatus: vals([200, 201, [200, 204]], [[], 99, 600, [200, 700], '200']),
            expectKeys: vals([[], ['id']], [[''], 'id']),
            expect: pick<unknown>(200),
          },
          { requiredKeys: ['id', 'path'] },
        )
        .map((t) => {
          // an unknown key now and then, not in every other test
          if ('expect' in t && t.id !== 't0') delete (t as Record<string, unknown>).expect;
          return t;
        });
    const extraTests = fc.oneof(
      {
        weight: 15,
        arbitrary: fc
          .integer({ min: 0, max: 3 })
          .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => extraTest(i)))),
      },
      { weight: 1, arbitrary: pick<unknown>({ id: 'a' }, 'x') },
    );
    const doc = fc
      .record(
        {
          $schema: vals(['../schema/suite-config.schema.json'], [5]),
          paths: mapping({
            health: path,
            agents: path,
            thread: template,
            threadMessages: template,
          }),
          wsPath: path,
          authTransport: vals(['header', 'subprotocol', 'query'], ['cookie', 1]),
          messages: mapping({ welcome: text, ping: text, errorTypes: texts }),
          events: mapping({ started: text, completed: text, error: text }),
          agentName: vals(['', 'triage'], [5, null]),
          unknownAgentName: text,
          timing: mapping({ eventWithinMs: ms, runWithinMs: ms, maxGapMs: ms }),
          users: mapping({
            prefix: text,
            emailDomain: vals(['e2e.invalid', 'example.com'], ['a@b', 'a b', '', 5]),
            permissions: vals([[], ['read']], [[''], 'read']),
          }),
          requestTimeoutMs: ms,
          extraTests,
          perfTargets: mapping({ ws_latency_ms: ms, api_response_ms: ms, tool_call_ms: ms }),
          prompt: text,
          toolPrompt: text,
          a2a: mapping({ version: vals(['1.0', '0.3'], ['2.0', 1]) }),
          mcp: mapping({
            tools: texts,
            calls: vals(
              [[], [{ tool: 'echo' }], [{ tool: 'echo', arguments: { a: 1 }, expectText: 'x' }]],
              [
                [{}],
                [{ tool: '' }],
                [{ tool: 'echo', arguments: [1] }],
                [{ tool: 'e', why: 1 }],
                {},
              ],
            ),
            checkListedServers: vals([true, false], ['yes']),
          }),
          maxGapMs: ms,
        },
        { requiredKeys: [] },
      )
      .map((d) => {
        // the top-level typo only now and then
        if ('maxGapMs' in d && d.wsPath !== '/x') delete (d as Record<string, unknown>).maxGapMs;
        return d;
      });
    let accepted = 0;
    fc.assert(
      fc.property(doc, (d) => {
        // a module given beside an id with another module is the loader's alone (see above)
        const tests = Array.isArray(d.extraTests)
          ? (d.extraTests as Record<string, unknown>[])
          : [];
        fc.pre(tests.every((t) => !('module' in t) || !String(t.id).includes('/')));
        const byLoader = loader(JSON.stringify(d), 'generated.json');
        const bySchema = validate(d);
        if (byLoader.ok) accepted++;
        expect(
          bySchema,
          `${JSON.stringify(d)}\nloader: ${JSON.stringify(byLoader)}\nschema: ${JSON.stringify(validate.errors)}`,
        ).toBe(byLoader.ok);
      }),
      { numRuns: 1500 },
    );
    // both answers occur, or the property says little
    expect(accepted).toBeGreaterThan(20);
    expect(accepted).toBeLessThan(1300);
  });
});
