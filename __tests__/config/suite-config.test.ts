import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL } from '../../src/config/protocol.js';
import { InputError } from '../../src/config/settings.js';
import { applySuiteConfig, loadSuiteConfig } from '../../src/config/suite-config.js';

function errorOf(text: string, file = 'suite.yml'): InputError {
  try {
    loadSuiteConfig(text, file);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error(`expected an InputError for ${text}`);
}

const YAML_CONFIG = `
# a deployment whose WebSocket moved and whose events are renamed
paths:
  health: /healthz
  thread: /v2/threads/{id}
wsPath: /api/v2/ws
authTransport: subprotocol
messages:
  welcome: hello
  errorTypes: [err]
events:
  completed: agent_done
agentName: triage
timing:
  maxGapMs: 5000
users:
  prefix: gate-
  permissions: [read]
requestTimeoutMs: 2500
perfTargets:
  ws_latency_ms: 80
extraTests:
  - id: feature-flags
    path: /api/flags
    expectKeys: [flags]
  - id: billing/create-invoice
    method: post
    path: /api/invoices
    auth: false
    body: { amount: 1 }
    expectStatus: [201, 202]
`;

describe('loadSuiteConfig', () => {
  it('reads a YAML file and applies it over the defaults', () => {
    const overrides = loadSuiteConfig(YAML_CONFIG, 'ci/suite.yml');
    const p = applySuiteConfig(DEFAULT_PROTOCOL, overrides);
    expect(p.paths.health).toBe('/healthz');
    expect(p.paths.thread).toBe('/v2/threads/{id}');
    expect(p.paths.agents).toBe('/api/agents');
    expect(p.wsPath).toBe('/api/v2/ws');
    expect(p.authTransport).toBe('subprotocol');
    expect(p.messages).toMatchObject({ welcome: 'hello', errorTypes: ['err'], ping: 'ping' });
    expect(p.events.completed).toBe('agent_done');
    expect(p.events.started).toBe('agent_started');
    expect(p.agentName).toBe('triage');
    expect(p.timing).toEqual({ eventWithinMs: 15_000, runWithinMs: 30_000, maxGapMs: 5000 });
    expect(p.users).toEqual({ prefix: 'gate-', emailDomain: 'e2e.invalid', permissions: ['read'] });
    expect(p.requestTimeoutMs).toBe(2500);
    expect(overrides.perfTargets).toEqual({ ws_latency_ms: 80 });
    expect(p.extraTests).toEqual([
      {
        id: 'extra/feature-flags',
        module: 'extra',
        title: 'GET /api/flags',
        priority: 1,
        method: 'GET',
        path: '/api/flags',
        auth: true,
        expectStatus: [200],
        expectKeys: ['flags'],
      },
      {
        id: 'billing/create-invoice',
        module: 'billing',
        title: 'POST /api/invoices',
        priority: 1,
        method: 'POST',
        path: '/api/invoices',
        auth: false,
        body: { amount: 1 },
        expectStatus: [201, 202],
        expectKeys: [],
      },
    ]);
    // the defaults are data shared by every run: never mutated
    expect(DEFAULT_PROTOCOL.paths.health).toBe('/health');
    expect(DEFAULT_PROTOCOL.extraTests).toEqual([]);
  });

  it('reads JSON by extension and by content', () => {
    const json = JSON.stringify({ timing: { runWithinMs: 1000 }, events: { thinking: 'think' } });
    for (const file of ['suite.json', 'suite-config']) {
      expect(loadSuiteConfig(json, file)).toEqual({
        timing: { runWithinMs: 1000 },
        events: { thinking: 'think' },
      });
    }
  });

  it('takes an empty file as no overrides', () => {
    expect(loadSuiteConfig('', 'suite.yml')).toEqual({});
    expect(loadSuiteConfig('# nothing yet\n', 'suite.yml')).toEqual({});
  });

  it.each([
    [
      'timing:\n  maxGapMs: x\n',
      `key 'timing.maxGapMs' must be a positive number of ms (at most 86400000), got "x"`,
    ],
    [
      'timing:\n  maxGapMs: -5\n',
      `key 'timing.maxGapMs' must be a positive number of ms (at most 86400000), got -5`,
    ],
    ['timing:\n  maxGap: 5\n', `unknown key 'timing.maxGap'; did you mean 'timing.maxGapMs'?`],
    ['maxGapMs: 5\n', `unknown key 'maxGapMs'; did you mean 'timing.maxGapMs'?`],
    ['wsPth: /ws\n', `unknown key 'wsPth'; did you mean 'wsPath'?`],
    ['zzz: 1\n', `unknown key 'zzz'`],
    [
      'paths:\n  health: healthz\n',
      `key 'paths.health' must be a path starting with '/' and without spaces, got "healthz"`,
    ],
    [
      'paths:\n  thread: /t/x\n',
      `key 'paths.thread' must contain the placeholder '{id}', got "/t/x"`,
    ],
    [
      'authTransport: cookie\n',
      `key 'authTransport' must be one of 'header', 'subprotocol', 'query', got "cookie"`,
    ],
    ['messages:\n  errorTypes: []\n', `key 'messages.errorTypes' must not be an empty list`],
    ['events: [a]\n', `key 'events' must be a mapping, got a list`],
    [
      'users:\n  emailDomain: a@b\n',
      `key 'users.emailDomain' must be a domain without '@' or spaces, got "a@b"`,
    ],
    [
      'perfTargets:\n  ws_latncy_ms: 5\n',
      `unknown key 'perfTargets.ws_latncy_ms'; did you mean 'perfTargets.ws_latency_ms'?`,
    ],
    ['extraTests:\n  - path: /x\n', `key 'extraTests[0].id' is required`],
    ['extraTests:\n  - id: a\n', `key 'extraTests[0].path' is required`],
    [
      'extraTests:\n  - {id: a, path: /x, method: FETCH}\n',
      `key 'extraTests[0].method' must be one of GET, POST, PUT, DELETE, PATCH, HEAD, got "FETCH"`,
    ],
    [
      'extraTests:\n  - {id: a, path: /x, body: {}}\n',
      `key 'extraTests[0].body' is not allowed with method GET`,
    ],
    [
      'extraTests:\n  - {id: a, path: /x, expectStatus: 700}\n',
      `key 'extraTests[0].expectStatus' must be an integer from 100 to 599, got 700`,
    ],
    [
      'extraTests:\n  - {id: a, path: /x}\n  - {id: extra/a, path: /y}\n',
      `key 'extraTests[1].id' repeats the test id 'extra/a'`,
    ],
    [
      'extraTests:\n  - {id: m/a, module: n, path: /x}\n',
      `key 'extraTests[0].module' must match the module of id 'm/a', got "n"`,
    ],
    ['extraTests:\n  - {id: a, path: /x, expect: 200}\n', `unknown key 'extraTests[0].expect'`],
    ['- a\n', `'suite.yml' must hold a mapping of keys`],
    ['"just text"\n', `'suite.yml' must hold a mapping of keys`],
    ['timing: [\n', `cannot parse 'suite.yml' as YAML`],
    ['a: 1\na: 2\n', `cannot parse 'suite.yml' as YAML`],
    ['a: 1\n---\nb: 2\n', `cannot parse 'suite.yml' as YAML`],
  ])('refuses %j, naming the key', (text, message) => {
    const err = errorOf(text);
    expect(err.input).toBe('suite-config');
    expect(err.message).toContain(`Input 'suite-config': ${message}`);
    expect(err.message).not.toContain('\n');
  });

  it.each([
    ['timing:\n  maxGap: 5\n', "(valid keys of 'timing': eventWithinMs, runWithinMs, maxGapMs)"],
    [
      'paths:\n  heath: /h\n',
      "(valid keys of 'paths': health, apiHealth, discovery, mcpConfig, mcpServers, agents, execute, threads, thread, threadMessages)",
    ],
    [
      'zzz: 1\n',
      '(valid top-level keys: paths, wsPath, authTransport, messages, events, agentName, unknownAgentName, timing, users, requestTimeoutMs, extraTests, perfTargets, prompt, toolPrompt, a2a, mcp, scenarios, $schema)',
    ],
    [
      'extraTests:\n  - {id: a, path: /x, expect: 200}\n',
      "(valid keys of 'extraTests[0]': id, module, title, priority, method, path, auth, body, expectStatus, expectKeys)",
    ],
  ])('an unknown key in %j lists the valid keys of its section', (text, listed) => {
    const { message } = errorOf(text);
    expect(message.endsWith(listed)).toBe(true);
    expect(message).not.toContain('\n');
  });

  it('refuses malformed JSON with the parser reason', () => {
    expect(errorOf('{"timing": ', 'suite.json').message).toMatch(
      /^Input 'suite-config': cannot parse 'suite.json' as JSON: /,
    );
  });

  it('refuses prototype keys instead of following them', () => {
    expect(errorOf('{"__proto__": {"wsPath": "/evil"}}', 'x.json').message).toContain(
      "unknown key '__proto__'",
    );
    expect(errorOf('__proto__: {wsPath: /evil}\n').message).toContain("unknown key '__proto__'");
    expect(({} as Record<string, unknown>).wsPath).toBeUndefined();
  });

  it('refuses alias bombs and oversized files', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
      .concat(
        Array.from(
          { length: 8 },
          (_, i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
              .fill(`*${String.fromCharCode(97 + i)}`)
              .join(', ')}]`,
        ),
      )
      .join('\n');
    expect(errorOf(bomb).message).toMatch(/alias/i);
    expect(errorOf(`# ${'x'.repeat(1_000_001)}`).message).toMatch(/larger than/);
  });
});
