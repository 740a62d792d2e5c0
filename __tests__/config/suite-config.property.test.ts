// Random documents into loadSuiteConfig: a clear InputError or a valid config, nothing else.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL, type ProtocolConfig } from '../../src/config/protocol.js';
import { InputError } from '../../src/config/settings.js';
import {
  applySuiteConfig,
  loadSuiteConfig,
  type SuiteOverrides,
} from '../../src/config/suite-config.js';

// a fixed seed keeps CI deterministic; FC_SEED explores others locally
const RUNS = { numRuns: 300, seed: Number(process.env.FC_SEED ?? 20240611) } as const;

/** What every ProtocolConfig the runner gets must satisfy. */
function expectValidProtocol(p: ProtocolConfig): void {
  for (const path of [...Object.values(p.paths), p.wsPath]) expect(path).toMatch(/^\/\S*$/);
  expect(p.paths.thread).toContain('{id}');
  expect(p.paths.threadMessages).toContain('{id}');
  expect(['header', 'subprotocol', 'query']).toContain(p.authTransport);
  for (const v of [...Object.values(p.events), p.unknownAgentName])
    expect(typeof v === 'string' && v.trim()).toBeTruthy();
  const { errorTypes, ...messages } = p.messages;
  for (const v of Object.values(messages)) expect(typeof v === 'string' && v.trim()).toBeTruthy();
  expect(errorTypes.length).toBeGreaterThan(0);
  for (const ms of [...Object.values(p.timing), p.requestTimeoutMs]) {
    expect(Number.isFinite(ms) && ms > 0).toBe(true);
  }
  for (const t of p.extraTests) {
    expect(t.id).toMatch(/^[^/]+\/[^/]+$/);
    expect(t.id.startsWith(`${t.module}/`)).toBe(true);
    expect(t.path).toMatch(/^\//);
    expect(t.expectStatus.length).toBeGreaterThan(0);
  }
}

/** Either overrides that apply to a valid protocol, or an InputError naming suite-config. */
function loadOrInputError(text: string, file: string): SuiteOverrides | undefined {
  try {
    const overrides = loadSuiteConfig(text, file);
    expectValidProtocol(applySuiteConfig(DEFAULT_PROTOCOL, overrides));
    return overrides;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    expect(err.input).toBe('suite-config');
    expect(err.message).toMatch(/^Input 'suite-config': /);
    expect(err.message).not.toContain('\n');
    return undefined;
  }
}

/** Values that are sometimes right for a key and often wrong. */
const value = fc.oneof(
  fc.constantFrom('/x', '/t/{id}', 'x', '', ' ', 'header', 'query', 'GET', 'post'),
  fc.integer({ min: -5, max: 100_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.constantFrom('a', '', 1, '/p'), { maxLength: 3 }),
);
const KEYS = [
  'paths',
  'wsPath',
  'authTransport',
  'messages',
  'events',
  'agentName',
  'unknownAgentName',
  'timing',
  'users',
  'requestTimeoutMs',
  'extraTests',
  'perfTargets',
  'health',
  'maxGapMs',
  '__proto__',
];
const NESTED = [
  'health',
  'thread',
  'ping',
  'errorTypes',
  'started',
  'maxGapMs',
  'prefix',
  'permissions',
  'ws_latency_ms',
  'id',
  'path',
  'method',
  'body',
  'expectStatus',
  'auth',
  'module',
  'constructor',
];
const section = fc.oneof(value, fc.dictionary(fc.constantFrom(...NESTED), value, { maxKeys: 4 }));
const nearValid = fc.dictionary(
  fc.constantFrom(...KEYS),
  fc.oneof(
    section,
    fc.array(fc.dictionary(fc.constantFrom(...NESTED), value, { maxKeys: 5 }), { maxLength: 3 }),
  ),
  { maxKeys: 5 },
);

const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const ms = fc.integer({ min: 1, max: 600_000 });
const validConfig = fc.record(
  {
    paths: fc.record(
      {
        health: fc.constantFrom('/h', '/healthz'),
        agents: fc.constantFrom('/v2/agents'),
        thread: fc.constantFrom('/t/{id}'),
      },
      { requiredKeys: [] },
    ),
    wsPath: fc.constantFrom('/ws', '/api/v2/ws'),
    authTransport: fc.constantFrom('header', 'subprotocol', 'query'),
    messages: fc.record(
      { ping: word, welcome: word, errorTypes: fc.array(word, { minLength: 1, maxLength: 3 }) },
      { requiredKeys: [] },
    ),
    events: fc.record({ started: word, completed: word, error: word }, { requiredKeys: [] }),
    agentName: fc.oneof(fc.constant(''), word),
    timing: fc.record({ eventWithinMs: ms, runWithinMs: ms, maxGapMs: ms }, { requiredKeys: [] }),
    users: fc.record(
      {
        prefix: word,
        emailDomain: fc.constantFrom('e2e.test'),
        permissions: fc.array(word, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
    requestTimeoutMs: ms,
    extraTests: fc.uniqueArray(
      fc.record(
        {
          id: word,
          path: fc.constantFrom('/x', '/api/flags'),
          method: fc.constantFrom('GET', 'post', 'DELETE'),
          expectStatus: fc.oneof(
            fc.integer({ min: 100, max: 599 }),
            fc.array(fc.integer({ min: 100, max: 599 }), { minLength: 1, maxLength: 3 }),
          ),
          expectKeys: fc.array(word, { maxLength: 2 }),
        },
        { requiredKeys: ['id', 'path'] },
      ),
      { selector: (t) => t.id, maxLength: 3 },
    ),
    perfTargets: fc.record({ ws_latency_ms: ms, api_response_ms: ms }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

describe('loadSuiteConfig on random input', () => {
  it('random JSON values give an InputError or a valid config', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (doc) => {
        loadOrInputError(JSON.stringify(doc), 'suite.json');
      }),
      RUNS,
    );
  });

  it('random values as YAML give an InputError or a valid config', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSet: true }), (doc) => {
        let text: string | undefined;
        try {
          text = stringify(doc) as string | undefined;
        } catch {
          return; // not representable as YAML: nothing to feed
        }
        if (typeof text !== 'string') return; // `undefined` stringifies to nothing
        loadOrInputError(text, 'suite.yml');
      }),
      RUNS,
    );
  });

  it('random text gives an InputError or a valid config', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('s.yml', 's.json', 's'),
        (text, file) => {
          loadOrInputError(text, file);
        },
      ),
      RUNS,
    );
  });

  it('near-valid configs give an InputError or a config that reloads the same', () => {
    fc.assert(
      fc.property(nearValid, fc.boolean(), (doc, asJson) => {
        const file = asJson ? 'suite.json' : 'suite.yml';
        const overrides = loadOrInputError(asJson ? JSON.stringify(doc) : stringify(doc), file);
        if (overrides === undefined) return;
        // what was accepted is stable: loading its own serialization gives it back
        expect(loadSuiteConfig(JSON.stringify(overrides), 'again.json')).toEqual(overrides);
      }),
      { ...RUNS, numRuns: 600 },
    );
  });

  it('valid configs are accepted, as YAML and as JSON, and applied key by key', () => {
    fc.assert(
      fc.property(validConfig, (doc) => {
        for (const [text, file] of [
          [stringify(doc), 'suite.yml'],
          [JSON.stringify(doc), 'suite.json'],
        ]) {
          const p = applySuiteConfig(DEFAULT_PROTOCOL, loadSuiteConfig(text, file));
          expectValidProtocol(p);
          if (doc.wsPath !== undefined) expect(p.wsPath).toBe(doc.wsPath);
          if (doc.timing?.maxGapMs !== undefined)
            expect(p.timing.maxGapMs).toBe(doc.timing.maxGapMs);
          expect(p.extraTests.length).toBe(doc.extraTests?.length ?? 0);
        }
      }),
      RUNS,
    );
  });

  it('a valid config with one value spoilt is refused naming that key, or still valid', () => {
    let refused = 0;
    fc.assert(
      fc.property(validConfig, fc.nat(), fc.nat(), value, (doc, i, j, junk) => {
        const tops = Object.keys(doc);
        if (tops.length === 0) return;
        const top = tops[i % tops.length];
        const spoilt: Record<string, unknown> = structuredClone(doc);
        const section = spoilt[top];
        let at = top;
        if (
          typeof section === 'object' &&
          section !== null &&
          !Array.isArray(section) &&
          Object.keys(section).length > 0
        ) {
          const keys = Object.keys(section);
          const key = keys[j % keys.length];
          (section as Record<string, unknown>)[key] = junk;
          at = `${top}.${key}`;
        } else {
          spoilt[top] = junk;
        }
        try {
          expectValidProtocol(
            applySuiteConfig(DEFAULT_PROTOCOL, loadSuiteConfig(JSON.stringify(spoilt), 's.json')),
          );
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          refused++;
          expect(err.message).toContain(`key '${at}`);
        }
      }),
      { ...RUNS, numRuns: 500 },
    );
    expect(refused).toBeGreaterThan(100);
  });
});
