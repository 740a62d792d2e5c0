// action.yml is the contract users see; parseSettings must mean the same by "not given".
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  ACTION_DEFAULTS,
  ALL_INPUT_NAMES,
  readActionInputs,
} from '../../src/config/action-inputs.js';
import { parseSettings } from '../../src/config/parse-settings.js';

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean }>;
}
const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml;
const declared = Object.keys(action.inputs);
/** Additions requested from the lead; once in action.yml they are checked like the rest. */
const PENDING_IN_ACTION_YML = ['concurrency', 'concurrent-sessions', 'concurrent-users'];
/** Defaults the runner evaluates (`${{ ... }}`): not ours to reproduce. */
const isExpression = (v: string) => v.includes('${{');

// a credential, so that the jwt-* defaults are in play and compared too
const BASE = { 'base-url': 'https://api.example.test', 'jwt-secret': 'k'.repeat(32) };

describe('action.yml and config agree', () => {
  it('every action.yml input is read, and every read input is in action.yml or pending', () => {
    expect([...ALL_INPUT_NAMES].filter((n) => !declared.includes(n))).toEqual(
      PENDING_IN_ACTION_YML.filter((n) => !declared.includes(n)),
    );
    expect(declared.filter((n) => !(ALL_INPUT_NAMES as readonly string[]).includes(n))).toEqual([]);
  });

  it('ACTION_DEFAULTS equals the defaults action.yml declares, verbatim', () => {
    const fromYml = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([, spec]) => spec.default !== undefined && !isExpression(String(spec.default)))
        .map(([name, spec]) => [name, String(spec.default)]),
    );
    const ours = Object.fromEntries(
      Object.entries(ACTION_DEFAULTS).filter(([name]) => declared.includes(name)),
    );
    expect(ours).toEqual(fromYml);
  });

  const withDefault = declared.filter((n) => {
    const def = action.inputs[n].default;
    return def !== undefined && !isExpression(String(def));
  });
  it.each(withDefault)("'%s' given at its action.yml default parses like not given", (name) => {
    const def = String(action.inputs[name].default);
    expect(parseSettings({ ...BASE, [name]: def })).toEqual(parseSettings(BASE));
  });

  it('the comparison can fail: a non-default value changes the settings', () => {
    expect(parseSettings({ ...BASE, retries: '2' })).not.toEqual(parseSettings(BASE));
    expect(parseSettings({ ...BASE, 'perf-targets': 'ws_latency_ms=51' })).not.toEqual(
      parseSettings(BASE),
    );
  });

  it('the pending additions have defaults in ACTION_DEFAULTS matching Settings', () => {
    const s = parseSettings(BASE);
    expect([s.concurrency, s.concurrentSessions, s.concurrentUsers]).toEqual([8, 7, 20]);
    for (const name of PENDING_IN_ACTION_YML) expect(ACTION_DEFAULTS).toHaveProperty(name);
  });

  it('inputs without a default parse from empty strings as the runner passes them', () => {
    const raw = readActionInputs((name) => (name === 'base-url' ? BASE['base-url'] : ''));
    expect(Object.keys(raw)).toEqual([...ALL_INPUT_NAMES]);
    const s = parseSettings(raw);
    expect(s.auth).toEqual({ kind: 'none' });
    expect(s.wsUrl).toBe('wss://api.example.test/ws');
    expect(s.github).toEqual({ comment: 'sticky', commentKey: 'staging', commitStatus: false });
  });

  it('readActionInputs reads only the names it is given', () => {
    const asked: string[] = [];
    const raw = readActionInputs((n) => (asked.push(n), `v-${n}`), ['base-url', 'retries']);
    expect(raw).toEqual({ 'base-url': 'v-base-url', retries: 'v-retries' });
    expect(asked).toEqual(['base-url', 'retries']);
  });
});
