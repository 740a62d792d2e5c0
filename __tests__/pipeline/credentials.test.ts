/**
 * No green without evidence, end to end: tests that need credentials, selected without any,
 * are a bad input before any request; with a ready auth-token, the critical tests it
 * cannot carry make the run inconclusive (each named, with why) unless `critical-tests`
 * leaves them out.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenSource } from '../../src/client/tokens.js';
import { parseSettings } from '../../src/config/parse-settings.js';
import { InputError } from '../../src/config/settings.js';
import { runGate, selectForSettings } from '../../src/pipeline/run-gate.js';
import { DEFAULT_SIM_SECRET, startSim, type SimHandle } from '../../src/sim/index.js';

let sim: SimHandle;
beforeAll(async () => {
  sim = await startSim({ eventSpacingMs: 5, heartbeatMs: 0 });
});
afterAll(() => sim.close());

function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('selecting tests that need credentials, giving none', () => {
  it('is a bad input naming jwt-secret and auth-token, sent before any request', async () => {
    const settings = parseSettings({ 'base-url': sim.baseUrl, 'wait-for-ready': '5' });
    const before = sim.stats();
    const err = inputErrorOf(() => selectForSettings(settings));
    expect(err.input).toBe('jwt-secret');
    expect(err.message).toMatch(
      /^Input 'jwt-secret': 27 of the 34 selected tests need credentials/,
    );
    expect(err.message).toContain('neither jwt-secret nor auth-token is given');
    expect(err.message).toContain('pull request from a fork');
    expect(err.message).toContain('unset or misspelled secret name');
    expect(err.message).toContain('workflow_run');
    expect(err.message).toContain('(e.g. modules: health)');
    // the engine refuses it too, before its first request
    await expect(runGate(settings)).rejects.toBeInstanceOf(InputError);
    expect(sim.stats().httpRequests).toBe(before.httpRequests);
    expect(sim.stats().connectionsTotal).toBe(before.connectionsTotal);
  });

  it('is refused even when only one selected test needs them', () => {
    const settings = parseSettings({
      'base-url': sim.baseUrl,
      modules: 'health,critical-path',
    });
    const err = inputErrorOf(() => selectForSettings(settings));
    expect(err.message).toContain('1 of the 3 selected tests needs credentials');
    expect(err.message).toContain('critical-path/critical-api-endpoints');
    expect(err.message).toContain('modules: health');
  });

  it('is fine when the selection needs no credentials, and such a run can pass', async () => {
    const settings = parseSettings({
      'base-url': sim.baseUrl,
      modules: 'health',
      'wait-for-ready': '5',
      'perf-gate': 'warn',
    });
    expect(selectForSettings(settings).tests.map((t) => t.id)).toEqual([
      'health/service-healthy-with-version',
      'health/api-health',
    ]);
    const results = await runGate(settings);
    expect(results.summary).toMatchObject({ total: 2, passed: 2, skipped: 0 });
    expect([results.verdict, results.reason]).toEqual([
      'pass',
      expect.stringMatching(/^2\/2 passed/),
    ]);
  }, 20_000);
});

describe('a ready auth-token', () => {
  let token: string;
  beforeAll(async () => {
    const minted = parseSettings({ 'base-url': sim.baseUrl, 'jwt-secret': DEFAULT_SIM_SECRET });
    token = await createTokenSource({ auth: minted.auth, users: minted.protocol.users }).tokenFor(
      3,
    );
  });

  const settings = (over: Record<string, string> = {}) =>
    parseSettings({
      'base-url': sim.baseUrl,
      'auth-token': token,
      modules: 'auth,isolation',
      'wait-for-ready': '5',
      retries: '0',
      'perf-gate': 'warn',
      ...over,
    });

  it('leaves the tests it cannot carry not run, with why, and the run inconclusive', async () => {
    const results = await runGate(settings());
    const skipped = results.tests.filter((t) => t.status === 'skipped');
    expect(skipped.map((t) => [t.id, t.skipReason])).toEqual([
      [
        'auth/expired-token-rejected-http',
        'needs to mint tokens: auth-token cannot (give jwt-secret)',
      ],
      [
        'auth/expired-token-rejected-ws',
        'needs to mint tokens: auth-token cannot (give jwt-secret)',
      ],
      [
        'isolation/concurrent-runs-isolated',
        'needs a second user: auth-token gives only one (give jwt-secret)',
      ],
      [
        'isolation/thread-list-isolated',
        'needs a second user: auth-token gives only one (give jwt-secret)',
      ],
      [
        'isolation/foreign-thread-forbidden',
        'needs a second user: auth-token gives only one (give jwt-secret)',
      ],
    ]);
    // what did run passed: only the missing evidence keeps it from green
    expect(results.summary.failed).toBe(0);
    expect(results.summary.passed).toBeGreaterThan(0);
    expect(results.verdict).toBe('inconclusive');
    expect(results.reason).toBe(
      '5 critical tests did not run: 3 need a second user: auth-token gives only one (give jwt-secret) ' +
        '(isolation/concurrent-runs-isolated, isolation/thread-list-isolated, isolation/foreign-thread-forbidden); ' +
        '2 need to mint tokens: auth-token cannot (give jwt-secret) ' +
        '(auth/expired-token-rejected-http, auth/expired-token-rejected-ws)',
    );
  }, 30_000);

  it('passes when critical-tests leaves those tests out', async () => {
    const results = await runGate(
      settings({
        'critical-tests': 'auth/valid-token-accepted,auth/missing-*,auth/wrong-signature-*',
      }),
    );
    expect(results.summary.skipped).toBe(5);
    expect(results.tests.filter((t) => t.status === 'skipped').every((t) => !t.critical)).toBe(
      true,
    );
    expect(results.verdict).toBe('pass');
    expect(results.reason).toContain('5 skipped');
  }, 30_000);

  it("with the README's critical-tests for a ready token, the whole priority-1 suite passes, the rest listed as not run", async () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /critical-tests: >-\n((?:\s+[^\n]+\n)+?)\s*```/.exec(readme);
    expect(block, 'the README shows critical-tests for an auth-token').not.toBeNull();
    const globs = block![1]
      .split('\n')
      .map((l) => l.trim())
      .join(' ');
    const results = await runGate(
      parseSettings({
        'base-url': sim.baseUrl,
        'auth-token': token,
        'wait-for-ready': '5',
        retries: '0',
        // timing is the benchmark's business; these runs share two cores
        'perf-gate': 'warn',
        'critical-tests': globs,
      }),
    );
    expect(results.summary.skipped).toBe(6);
    expect(results.summary.failed).toBe(0);
    expect(results.verdict).toBe('pass');
    // what one token cannot carry is still listed, with why
    expect(
      results.tests
        .filter((t) => t.status === 'skipped')
        .every((t) => /auth-token/.test(t.skipReason ?? '')),
    ).toBe(true);
  }, 30_000);
});
