import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config/parse-settings.js';
import { DEFAULT_PROTOCOL } from '../../src/config/protocol.js';
import { InputError, type Settings } from '../../src/config/settings.js';

const BASE = { 'base-url': 'https://api.example.test' };
const parse = (raw: Record<string, string>, opts?: Parameters<typeof parseSettings>[1]): Settings =>
  parseSettings({ ...BASE, ...raw }, opts);

/** The InputError a raw input set throws; fails the test when it does not throw one. */
function errorOf(
  raw: Record<string, string>,
  opts?: Parameters<typeof parseSettings>[1],
): InputError {
  try {
    parse(raw, opts);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error(`expected an InputError for ${JSON.stringify(raw)}`);
}

describe('parseSettings: target URLs', () => {
  it('requires base-url, or takes the deployment default', () => {
    expect(() => parseSettings({})).toThrow(/Input 'base-url': is required/);
    expect(parseSettings({}, { defaults: { baseUrl: 'https://env.example.test' } }).baseUrl).toBe(
      'https://env.example.test',
    );
    // an explicit input wins over the event
    expect(parse({}, { defaults: { baseUrl: 'https://other.test' } }).baseUrl).toBe(
      BASE['base-url'],
    );
  });

  it.each([
    ['ftp://x.test', /expected a http or https URL, got scheme 'ftp'/],
    ['not a url', /expected an absolute http or https URL, got 'not a url'/],
    ['https://u:p@x.test', /must not embed credentials/],
    ['https://x.test/?a=1', /must not have a query or fragment/],
  ])('refuses base-url %s', (url, message) => {
    const err = errorOf({ 'base-url': url });
    expect(err.input).toBe('base-url');
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('u:p@');
  });

  it('derives ws-url from the base URL, keeping the base path', () => {
    expect(parse({}).wsUrl).toBe('wss://api.example.test/ws');
    expect(parse({ 'base-url': 'http://127.0.0.1:8080' }).wsUrl).toBe('ws://127.0.0.1:8080/ws');
    const s = parse({ 'base-url': 'https://x.test/api/' });
    expect(s.baseUrl).toBe('https://x.test/api');
    expect(s.wsUrl).toBe('wss://x.test/api/ws');
  });

  it('uses the suite-config wsPath for the default ws-url', () => {
    const s = parse({ 'suite-config': 'c.yml' }, { readFile: () => 'wsPath: /api/v2/socket\n' });
    expect(s.wsUrl).toBe('wss://api.example.test/api/v2/socket');
  });

  it('takes an explicit ws-url and refuses a non-ws one', () => {
    expect(parse({ 'ws-url': 'wss://ws.example.test/socket' }).wsUrl).toBe(
      'wss://ws.example.test/socket',
    );
    expect(errorOf({ 'ws-url': 'https://x.test/ws' }).message).toMatch(
      /^Input 'ws-url': expected a ws or wss URL/,
    );
  });
});

describe('parseSettings: selection and gate inputs', () => {
  it.each([
    ['1', [1]],
    ['1-2', [1, 2]],
    ['2', [2]],
    ['1,2', [1, 2]],
    ['1-3', [1, 2, 3]],
    [' 3, 1-2 ,2', [1, 2, 3]],
  ])('priority %s → %j', (value, expected) => {
    expect(parse({ priority: value }).priorities).toEqual(expected);
  });

  it.each(['0', '2-1', 'one', '1,', '-1', '1-2-3', '1.5', '100'])(
    'refuses priority %s',
    (value) => {
      const err = errorOf({ priority: value });
      expect(err.input).toBe('priority');
      expect(err.message).toContain(`got '${value}'`);
    },
  );

  it('splits module, test and critical-test lists on commas and line breaks', () => {
    const s = parse({
      modules: ' auth , websocket-*,,',
      tests: 'a/b\nc/*\n',
      'critical-tests': 'x/*, y',
    });
    expect(s.modules).toEqual(['auth', 'websocket-*']);
    expect(s.tests).toEqual(['a/b', 'c/*']);
    expect(s.criticalTests).toEqual(['x/*', 'y']);
    expect(parse({ 'critical-tests': ' , ' }).criticalTests).toBeNull();
  });

  it('reads max-failure-rate as a percent 0-100', () => {
    expect(parse({ 'max-failure-rate': '12.5' }).maxFailureRate).toBe(12.5);
    expect(parse({ 'max-failure-rate': '5%' }).maxFailureRate).toBe(5);
    expect(parse({ 'max-failure-rate': '100' }).maxFailureRate).toBe(100);
    for (const bad of ['abc', '101', '-1', '1e2']) {
      expect(errorOf({ 'max-failure-rate': bad }).message).toBe(
        `Input 'max-failure-rate': expected a percent between 0 and 100, got '${bad}'`,
      );
    }
  });

  it('merges perf-targets over the defaults and names an unknown metric', () => {
    expect(parse({ 'perf-targets': 'ws_latency_ms=80' }).perfTargets).toEqual({
      api_response_ms: 100,
      ws_latency_ms: 80,
      agent_startup_ms: 500,
      message_processing_ms: 200,
      time_to_first_token_ms: 2000,
      run_duration_ms: 30000,
      tool_call_ms: 1000,
    });
    expect(errorOf({ 'perf-targets': 'ws_latncy_ms=80' }).message).toMatch(
      /^Input 'perf-targets': unknown metric 'ws_latncy_ms'; did you mean 'ws_latency_ms'\?/,
    );
    expect(errorOf({ 'perf-targets': 'ws_latency_ms' }).message).toMatch(/name=value/);
    expect(errorOf({ 'perf-targets': 'ws_latency_ms=0' }).message).toMatch(
      /positive number of ms, got '0'/,
    );
    expect(errorOf({ 'perf-targets': 'ws_latency_ms=1,ws_latency_ms=2' }).message).toMatch(
      /given twice/,
    );
  });

  it('keeps suite-config perf targets unless the input names the metric', () => {
    const readFile = () => 'perfTargets:\n  ws_latency_ms: 90\n  api_response_ms: 300\n';
    const defaults =
      'api_response_ms=100,ws_latency_ms=50,agent_startup_ms=500,message_processing_ms=200';
    // the runner passes the action.yml default: it must not undo the file
    expect(
      parse({ 'suite-config': 'c.yml', 'perf-targets': defaults }, { readFile }).perfTargets,
    ).toEqual({
      api_response_ms: 300,
      ws_latency_ms: 90,
      agent_startup_ms: 500,
      message_processing_ms: 200,
      time_to_first_token_ms: 2000,
      run_duration_ms: 30000,
      tool_call_ms: 1000,
    });
    expect(
      parse({ 'suite-config': 'c.yml', 'perf-targets': 'ws_latency_ms=70' }, { readFile })
        .perfTargets,
    ).toMatchObject({ api_response_ms: 300, ws_latency_ms: 70 });
  });

  it.each([
    ['perf-gate', 'warn', 'perfGate', 'warn'],
    ['perf-gate', 'OFF', 'perfGate', 'off'],
    ['on-inconclusive', 'neutral', 'onInconclusive', 'neutral'],
    ['on-inconclusive', 'pass', 'onInconclusive', 'pass'],
    ['wait-for-ready', '0', 'waitForReadySec', 0],
    ['wait-for-ready', '12.5', 'waitForReadySec', 12.5],
    ['retries', '0', 'retries', 0],
    ['retries', '5', 'retries', 5],
    ['timeout', '30', 'timeoutSec', 30],
    ['version-field', 'build.sha', 'versionField', 'build.sha'],
    ['expected-version', 'abc123', 'expectedVersion', 'abc123'],
    ['results-dir', 'out/gate', 'resultsDir', 'out/gate'],
    ['concurrency', '3', 'concurrency', 3],
    ['concurrent-sessions', '4', 'concurrentSessions', 4],
    ['concurrent-users', '50', 'concurrentUsers', 50],
  ] as const)('%s %s → %s %j', (input, value, field, expected) => {
    expect(parse({ [input]: value })[field]).toEqual(expected);
  });

  it.each([
    ['perf-gate', 'warm', /expected one of fail, warn or off, got 'warm'; did you mean 'warn'\?/],
    ['on-inconclusive', 'skip', /expected one of fail, pass or neutral, got 'skip'/],
    ['wait-for-ready', '-1', /expected a number of seconds from 0 to 86400, got '-1'/],
    ['wait-for-ready', '5m', /got '5m'/],
    ['retries', '6', /expected an integer from 0 to 5, got '6'/],
    ['retries', '1.5', /got '1.5'/],
    ['timeout', '0', /greater than 0/],
    ['timeout', '999999', /at most 86400/],
    ['version-field', 'build..sha', /dotted path/],
    ['version-field', 'a b', /dotted path/],
    ['results-dir', 'a\0b', /NUL/],
    ['concurrency', '0', /integer from 1 to 64, got '0'/],
    ['concurrent-sessions', 'x', /got 'x'/],
    ['concurrent-users', '1001', /got '1001'/],
    ['shard', '0/2', /1 ≤ i ≤ n ≤ 256/],
    ['shard', '3/2', /got '3\/2'/],
    ['shard', '1/257', /got '1\/257'/],
    ['shard', '1', /got '1'/],
  ])('refuses %s %j', (input, value, message) => {
    const err = errorOf({ [input]: value });
    expect(err.input).toBe(input);
    expect(err.message.startsWith(`Input '${input}': `)).toBe(true);
    expect(err.message).toMatch(message);
  });

  it('reads a shard i/n', () => {
    expect(parse({ shard: '2/4' }).shard).toEqual({ index: 2, count: 4 });
    expect(parse({ shard: '256/256' }).shard).toEqual({ index: 256, count: 256 });
    expect(parse({}).shard).toBeUndefined();
  });
});

describe('parseSettings: suite-config', () => {
  it('loads the file through readFile and applies it', () => {
    const seen: string[] = [];
    const s = parse(
      { 'suite-config': 'ci/suite.yml' },
      { readFile: (p) => (seen.push(p), 'paths:\n  health: /healthz\n') },
    );
    expect(seen).toEqual(['ci/suite.yml']);
    expect(s.suiteConfigPath).toBe('ci/suite.yml');
    expect(s.protocol.paths.health).toBe('/healthz');
    expect(s.protocol.paths.agents).toBe(DEFAULT_PROTOCOL.paths.agents);
    expect(DEFAULT_PROTOCOL.paths.health).toBe('/health');
  });

  it('names the input when the file cannot be read', () => {
    const err = errorOf(
      { 'suite-config': 'missing.yml' },
      {
        readFile: () => {
          throw Object.assign(new Error('nope'), { code: 'ENOENT' });
        },
      },
    );
    expect(err.message).toBe("Input 'suite-config': cannot read 'missing.yml' (ENOENT)");
  });
});

describe('parseSettings: GitHub inputs', () => {
  it('reads comment, comment-key, pr-number, commit-status and the token', () => {
    const s = parse({
      'github-token': 'ghs_abc',
      comment: 'new',
      'comment-key': 'eu-west.1',
      'pr-number': '42',
      'commit-status': 'YES',
    });
    expect(s.github).toEqual({
      token: 'ghs_abc',
      comment: 'new',
      commentKey: 'eu-west.1',
      prNumber: 42,
      commitStatus: true,
    });
    expect(parse({ 'commit-status': 'no' }).github.commitStatus).toBe(false);
    expect(parse({ 'commit-status': 'True' }).github.commitStatus).toBe(true);
  });

  it('derives the comment key from the environment name, made safe', () => {
    expect(parse({}, { defaults: { commentKey: 'Staging EU (west)' } }).github.commentKey).toBe(
      'Staging-EU-west',
    );
    expect(parse({}, { defaults: { commentKey: ' !! ' } }).github.commentKey).toBe('staging');
    expect(
      parse({ 'comment-key': 'pr' }, { defaults: { commentKey: 'env' } }).github.commentKey,
    ).toBe('pr');
  });

  it.each([
    ['comment', 'sometimes', /expected one of sticky, new or off/],
    ['comment-key', 'has space', /letters, digits/],
    ['pr-number', '0', /integer ≥ 1, got '0'/],
    ['pr-number', '#12', /got '#12'/],
    ['commit-status', 'maybe', /expected true, false, yes or no, got 'maybe'/],
  ])('refuses %s %j', (input, value, message) => {
    const err = errorOf({ [input]: value });
    expect(err.input).toBe(input);
    expect(err.message).toMatch(message);
  });
});

describe('parseSettings: protocol, agent-url, health-path', () => {
  const base = { 'base-url': 'https://api.example.com/v2', 'jwt-secret': 'x'.repeat(32) };
  it('defaults to agent-ws with /health and no agent URL', () => {
    const s = parseSettings(base);
    expect(s.protocolId).toBe('agent-ws');
    expect(s.healthPath).toBe('/health');
    expect(s.agentUrl).toBeUndefined();
  });
  it('joins a path agent-url under the base path and keeps an absolute one', () => {
    expect(parseSettings({ ...base, protocol: 'ag-ui', 'agent-url': '/agent' }).agentUrl).toBe(
      'https://api.example.com/v2/agent',
    );
    expect(
      parseSettings({ ...base, protocol: 'ag-ui', 'agent-url': 'http://127.0.0.1:9/run' }).agentUrl,
    ).toBe('http://127.0.0.1:9/run');
  });
  it('needs agent-url for ag-ui, defaults MCP to <base-url>/mcp, and no health path off agent-ws', () => {
    expect(() => parseSettings({ ...base, protocol: 'ag-ui' })).toThrow(/^Input 'agent-url':/);
    const mcp = parseSettings({ ...base, protocol: 'mcp' });
    expect(mcp.agentUrl).toBe('https://api.example.com/v2/mcp');
    expect(mcp.healthPath).toBeUndefined();
    expect(parseSettings({ ...base, protocol: 'a2a', 'health-path': '/ready' }).healthPath).toBe(
      '/ready',
    );
  });
  it('names the input of a bad protocol, agent-url or health-path', () => {
    expect(() => parseSettings({ ...base, protocol: 'grpc' })).toThrow(/^Input 'protocol':/);
    expect(() => parseSettings({ ...base, protocol: 'ag-ui', 'agent-url': 'ftp://x/y' })).toThrow(
      /^Input 'agent-url':/,
    );
    expect(() => parseSettings({ ...base, 'health-path': 'health' })).toThrow(
      /^Input 'health-path':/,
    );
  });
});
