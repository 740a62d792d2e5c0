// Loading scenarios: a good file becomes typed steps; every bad one is one InputError naming
// the file, the scenario, the key path and (YAML) the line; a step that cannot fail is refused.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/config/settings.js';
import { loadSuiteConfig } from '../../src/config/suite-config.js';
import { parseSettings } from '../../src/config/parse-settings.js';

const GOOD = `
scenarios:
  - id: chat/answer-streams
    title: A chat message streams an answer
    steps:
      - request: { method: POST, path: /api/sessions, auth: true, json: { name: gate } }
        expect: { status: [201], json: { id: { $type: string } } }
        capture: { session: $.id }
      - connect: { path: /live, auth: header }
        expect: { frame: { event: ready }, within: 5000 }
      - send: { json: { event: chat, payload: { session: "\${session}", text: hi } } }
      - expect:
          ignore: [ { event: heartbeat } ]
          sequence:
            - match: { event: run.started }
              capture: { run: $.payload.run_id }
              metric: agent_startup_ms
            - match: { event: token }
              repeat: 1+
              metric: time_to_first_token_ms
            - match: { event: run.done, payload: { run_id: "\${run}" } }
              metric: run_duration_ms
          within: 30000
          maxGap: 10000
      - stream: { method: POST, path: /v1/runs, auth: true, json: { input: hi } }
        expect:
          sequence:
            - match: { type: started }
            - anyOrder:
                - match: { type: delta }
                  repeat: 1+
                - match: { type: usage }
            - match: { type: done }
          end: closed
`;

function errorOf(text: string, name = 'gate.yml'): string {
  try {
    loadSuiteConfig(text, name);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

/** GOOD with one line replaced */
const bad = (from: string, to: string): string => {
  expect(GOOD).toContain(from);
  return GOOD.replace(from, to);
};

describe('scenarios in suite-config', () => {
  it('a good file becomes typed steps', () => {
    const { scenarios } = loadSuiteConfig(GOOD, 'gate.yml');
    expect(scenarios).toHaveLength(1);
    const s = scenarios![0];
    expect(s).toMatchObject({ id: 'chat/answer-streams', module: 'chat', priority: 1 });
    expect(s.steps.map((st) => st.kind)).toEqual([
      'request',
      'connect',
      'send',
      'expect',
      'stream',
    ]);
    expect(s.metrics).toEqual(['agent_startup_ms', 'time_to_first_token_ms', 'run_duration_ms']);
    const exp = s.steps[3];
    expect(exp.kind === 'expect' && exp.expect.sequence?.items[1]).toMatchObject({
      kind: 'one',
      element: { repeat: { min: 1, max: Infinity } },
    });
  });

  it('names the file, the line, the scenario and the key', () => {
    const message = errorOf(bad('repeat: 1+', 'repeat: 2-'));
    expect(message).toBe(
      "Input 'suite-config': gate.yml line 19, scenario 'chat/answer-streams': key 'scenarios[0].steps[3].expect.sequence[1].repeat' must be 1+, 0+ or a whole number from 1 to 10000, got \"2-\"",
    );
  });

  it('a JSON file is located too', () => {
    const json = JSON.stringify({ scenarios: [{ id: 'x', steps: [{ sleep: 0 }] }] }, null, 2);
    expect(errorOf(json, 'gate.json')).toMatch(
      /^Input 'suite-config': gate\.json line 7, scenario 'x': key 'scenarios\[0\]\.steps\[0\]\.sleep'/,
    );
  });

  it.each([
    [
      'an expect with nothing to check',
      'expect: { frame: { event: ready }, within: 5000 }',
      'expect: { within: 5000 }',
      /steps\[1\]\.expect' checks nothing/,
    ],
    [
      'an empty expect',
      'expect: { frame: { event: ready }, within: 5000 }',
      'expect: {}',
      /checks nothing/,
    ],
    ['a pattern {}', 'frame: { event: ready }', 'frame: {}', /matches everything/],
    [
      'an unknown operator',
      '$type: string',
      '$typ: string',
      /is not an operator .*did you mean '\$type'/,
    ],
    ['a bad $type', '$type: string', '$type: text', /must be one of string, number/],
    ['a bad regex', '{ $type: string }', '{ $regex: "(" }', /not a valid regular expression/],
    [
      'a capture nobody made',
      '"${run}"',
      '"${rn}"',
      /uses \$\{rn\}, which no earlier step or element captures \(captured so far: session, run\)/,
    ],
    ['a bad JSONPath', 'session: $.id', 'session: id', /must be a JSONPath/],
    [
      'an unknown metric',
      'metric: agent_startup_ms',
      'metric: agent_start_ms',
      /did you mean 'agent_startup_ms'/,
    ],
    ['two actions in one step', '- send: {', '- sleep: 5\n        send: {', /one action per step/],
    [
      'send before any connect',
      '      - connect: { path: /live, auth: header }\n        expect: { frame: { event: ready }, within: 5000 }\n',
      '',
      /needs a WebSocket: put a connect step before it/,
    ],
    [
      'a bad auth transport',
      'auth: header }',
      'auth: cookie }',
      /must be one of 'header', 'subprotocol', 'query', 'none'/,
    ],
    [
      'an unknown step key',
      'capture: { session: $.id }',
      'captures: { session: $.id }',
      /unknown key 'scenarios\[0\]\.steps\[0\]\.captures'; did you mean/,
    ],
  ])('refuses %s', (_what, from, to, pattern) => {
    expect(errorOf(bad(from, to))).toMatch(pattern);
  });

  it('refuses a sequence that may match nothing', () => {
    const text = `scenarios:\n  - id: a\n    steps:\n      - connect: {}\n      - expect: { sequence: [ { match: { a: 1 }, repeat: 0+ } ] }\n`;
    expect(errorOf(text)).toMatch(
      /line 5, scenario 'a': key 'scenarios\[0\]\.steps\[1\]\.expect' checks nothing: every element of the sequence may match zero times/,
    );
  });

  it('refuses a sleep that is not bounded and duplicate ids', () => {
    expect(errorOf(`scenarios:\n  - id: a\n    steps: [ { sleep: 600000 } ]\n`)).toMatch(
      /at most 60000 ms/,
    );
    expect(
      errorOf(
        `scenarios:\n  - id: a\n    steps: [ { sleep: 5 } ]\n  - id: scenarios/a\n    steps: [ { sleep: 5 } ]\n`,
      ),
    ).toMatch(/repeats the scenario id 'scenarios\/a'/);
  });

  it('a custom metric needs a target, and a custom target needs a scenario', () => {
    const file = (targets: string) =>
      `scenarios:\n  - id: a\n    steps:\n      - stream: { path: /s }\n        expect: { sequence: [ { match: { $event: token }, metric: custom:first_token_ms } ] }\n${targets}`;
    const { scenarios, perfTargets } = loadSuiteConfig(
      file('perfTargets: { custom:first_token_ms: 800 }\n'),
      'g.yml',
    );
    expect(scenarios?.[0].metrics).toEqual(['custom:first_token_ms']);
    expect(perfTargets).toEqual({ 'custom:first_token_ms': 800 });
    const settings = (text: string, extra: Record<string, string> = {}) =>
      parseSettings(
        { 'base-url': 'http://127.0.0.1:1', 'suite-config': 'g.yml', ...extra },
        { readFile: () => text },
      );
    expect(
      settings(file('perfTargets: { custom:first_token_ms: 800 }\n')).perfTargets[
        'custom:first_token_ms'
      ],
    ).toBe(800);
    expect(() => settings(file(''))).toThrow(
      /scenario 'scenarios\/a' records custom:first_token_ms, which has no target/,
    );
    expect(() =>
      settings(file('perfTargets: { custom:first_token_ms: 800 }\n'), {
        'perf-targets': 'custom:first_tokn_ms=5',
      }),
    ).toThrow(
      /perf-targets.*'custom:first_tokn_ms' is recorded by no scenario; did you mean 'custom:first_token_ms'/,
    );
    expect(errorOf('perfTargets: { agent_start_ms: 5 }\n')).toMatch(
      /did you mean 'perfTargets.agent_startup_ms'/,
    );
  });
});

describe('the JSON Schema covers scenarios', () => {
  it('the worked examples pass the schema and the loader; a bad step fails both', async () => {
    const { readFileSync } = await import('node:fs');
    const { Ajv } = await import('ajv');
    const { parse } = await import('yaml');
    const schema = JSON.parse(readFileSync('schema/suite-config.schema.json', 'utf8')) as object;
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    for (const file of ['docs/examples/envelope-agent.yml', 'docs/examples/sse-chat.yml']) {
      const text = readFileSync(file, 'utf8');
      expect(() => loadSuiteConfig(text, file)).not.toThrow();
      expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    }
    const badText = `scenarios:\n  - id: a\n    steps: [ { stream: { path: /s }, expect: { sequence: [ { match: { a: 1 }, repeat: 2- } ] } } ]\n`;
    expect(validate(parse(badText))).toBe(false);
    expect(errorOf(badText)).toMatch(/repeat' must be 1\+, 0\+/);
  });
});

describe('docs/SCENARIOS.md', () => {
  it('every scenarios example of the page loads', async () => {
    const { readFileSync } = await import('node:fs');
    const page = readFileSync('docs/SCENARIOS.md', 'utf8');
    const blocks = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    const files = blocks.filter((b) => b.startsWith('scenarios:'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const text of files) expect(() => loadSuiteConfig(text, 'doc.yml'), text).not.toThrow();
  });
});
