/**
 * Inputs (action or CLI, by action input name) → one validated `Settings`. Everything is
 * checked here, before any request: a bad value throws one InputError naming the input.
 * "Not given" means empty, and means the same as action.yml's default (ACTION_DEFAULTS),
 * because the runner passes that default for every input that declares one.
 */
import { readFileSync } from 'node:fs';
import { ACTION_DEFAULTS, type RawInputs } from './action-inputs.js';
import { parseAuth } from './auth-settings.js';
import {
  given,
  parseBoolean,
  parseChoice,
  parseDecimal,
  parseInteger,
  parseList,
  parseSeconds,
  shown,
} from './input-values.js';
import { checkCustomMetrics } from './metric-targets.js';
import { parsePerfTargets } from './perf-targets.js';
import { printable } from './printable.js';
import { DEFAULT_PROTOCOL, type ProtocolConfig } from './protocol.js';
import {
  defaultWsUrl,
  parseAgentUrl,
  parseBaseUrl,
  parseHealthPath,
  parseWsUrl,
} from './service-urls.js';
import { PROTOCOL_IDS } from '../model.js';
import { DEFAULT_PERF_TARGETS, InputError, type Settings } from './settings.js';
import { applySuiteConfig, loadSuiteConfig, type SuiteOverrides } from './suite-config.js';

export interface ParseSettingsOptions {
  /** reads the suite-config file (default: fs, UTF-8) */
  readFile?: (path: string) => string;
  /** from the event: a deployment_status's environment_url and environment name */
  defaults?: { baseUrl?: string; commentKey?: string };
}

/** A day: longer waits are typos, and timers past 2^31 ms would fire at once. */
const MAX_SECONDS = 86_400;
const MAX_PRIORITY = 99;
const COMMENT_KEY = /^[A-Za-z0-9._-]{1,64}$/;

/** `1`, `1-2`, `1,3`, `1-3` → sorted unique priorities. */
export function parsePriorities(value: string): number[] {
  const bad = (): never => {
    throw new InputError(
      'priority',
      `expected priorities like 1, 1-2 or 1,3 (integers from 1 to ${MAX_PRIORITY}), got ${shown('priority', value)}`,
    );
  };
  const out = new Set<number>();
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) bad();
  for (const item of items) {
    const m = /^(\d{1,2})(?:\s*-\s*(\d{1,2}))?$/.exec(item) ?? bad();
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to < from) bad();
    for (let p = from; p <= to; p++) out.add(p);
  }
  return [...out].sort((a, b) => a - b);
}

/** `i/n`, 1 ≤ i ≤ n ≤ 256. */
export function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d{1,3})\s*\/\s*(\d{1,3})$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(index >= 1 && index <= count && count <= 256)) {
    throw new InputError(
      'shard',
      `expected i/n with 1 ≤ i ≤ n ≤ 256 (e.g. 2/4), got ${shown('shard', value)}`,
    );
  }
  return { index, count };
}

function parseVersionField(value: string): string {
  if (!/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/.test(value)) {
    throw new InputError(
      'version-field',
      `expected a dotted path like version or build.sha, got ${shown('version-field', value)}`,
    );
  }
  return value;
}

/** An explicit key must be clean; one derived from an environment name is made clean. */
function commentKey(value: string | undefined, fromEvent: string | undefined): string {
  if (value !== undefined) {
    if (!COMMENT_KEY.test(value)) {
      throw new InputError(
        'comment-key',
        `expected 1 to 64 letters, digits, '.', '_' or '-', got ${shown('comment-key', value)}`,
      );
    }
    return value;
  }
  const derived = (fromEvent ?? '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return derived || 'staging';
}

function suiteOverrides(path: string | undefined, readFile: (p: string) => string): SuiteOverrides {
  if (path === undefined) return {};
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    throw new InputError(
      'suite-config',
      `cannot read '${printable(path, 200)}'${code ? ` (${code})` : ''}`,
    );
  }
  return loadSuiteConfig(text, path);
}

/**
 * Defaults < suite-config < the input. The input at its action.yml default counts as not
 * given: the runner always passes it, and it must not undo a suite-config's targets.
 */
function perfTargets(value: string | undefined, suite: SuiteOverrides): Settings['perfTargets'] {
  const fromInput = value === undefined ? {} : parsePerfTargets(value);
  const isDefault =
    value !== undefined && parseList(value).join(',') === ACTION_DEFAULTS['perf-targets'];
  // the partial maps never hold undefined values; custom:<name> keys widen the index
  return {
    ...DEFAULT_PERF_TARGETS,
    ...suite.perfTargets,
    ...(isDefault ? {} : fromInput),
  } as Settings['perfTargets'];
}

function percent(value: string): number {
  const name = 'max-failure-rate';
  const expected = 'a percent between 0 and 100';
  const n = parseDecimal(name, value.replace(/\s*%$/, ''), expected);
  if (n < 0 || n > 100)
    throw new InputError(name, `expected ${expected}, got ${shown(name, value)}`);
  return n;
}

function count(
  raw: RawInputs,
  name: 'concurrency' | 'concurrent-sessions' | 'concurrent-users',
  max: number,
): number {
  return parseInteger(name, given(raw, name) ?? ACTION_DEFAULTS[name] ?? '1', 1, max);
}

export function parseSettings(raw: RawInputs, opts: ParseSettingsOptions = {}): Settings {
  const readFile = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const d = (name: keyof typeof ACTION_DEFAULTS): string =>
    given(raw, name) ?? ACTION_DEFAULTS[name] ?? '';

  const baseUrl = parseBaseUrl(given(raw, 'base-url'), opts.defaults?.baseUrl);
  const wsUrlInput = given(raw, 'ws-url');
  const explicitWsUrl = wsUrlInput === undefined ? undefined : parseWsUrl(wsUrlInput);
  const auth = parseAuth(raw);

  const expectedVersion = given(raw, 'expected-version');
  const suiteConfigPath = given(raw, 'suite-config');
  const suite = suiteOverrides(suiteConfigPath, readFile);
  const protocol: ProtocolConfig = applySuiteConfig(DEFAULT_PROTOCOL, suite);
  const targets = perfTargets(given(raw, 'perf-targets'), suite);
  checkCustomMetrics(protocol.scenarios, targets);
  const shard = given(raw, 'shard');
  const protocolId = parseChoice('protocol', d('protocol'), PROTOCOL_IDS);
  const agentUrl = parseAgentUrl(given(raw, 'agent-url'), baseUrl, protocolId);
  const healthPath = parseHealthPath(given(raw, 'health-path'), protocolId, protocol.paths.health);
  const resultsDir = d('results-dir');
  if (resultsDir.includes('\0'))
    throw new InputError('results-dir', 'must be a path without NUL characters');

  return {
    baseUrl,
    wsUrl: explicitWsUrl ?? defaultWsUrl(baseUrl, protocol.wsPath),
    protocolId,
    ...(agentUrl !== undefined ? { agentUrl } : {}),
    ...(healthPath !== undefined ? { healthPath } : {}),
    auth,
    priorities: parsePriorities(d('priority')),
    modules: parseList(given(raw, 'modules')),
    tests: parseList(given(raw, 'tests')),
    maxFailureRate: percent(d('max-failure-rate')),
    criticalTests: parseCriticalTests(raw),
    perfTargets: targets,
    perfGate: parseChoice('perf-gate', d('perf-gate'), ['fail', 'warn', 'off'] as const),
    waitForReadySec: parseSeconds('wait-for-ready', d('wait-for-ready'), {
      allowZero: true,
      max: MAX_SECONDS,
    }),
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    versionField: parseVersionField(d('version-field')),
    retries: parseInteger('retries', d('retries'), 0, 5),
    timeoutSec: parseSeconds('timeout', d('timeout'), { allowZero: false, max: MAX_SECONDS }),
    onInconclusive: parseChoice('on-inconclusive', d('on-inconclusive'), [
      'fail',
      'pass',
      'neutral',
    ] as const),
    ...(suiteConfigPath !== undefined ? { suiteConfigPath } : {}),
    protocol,
    resultsDir,
    ...(shard !== undefined ? { shard: parseShard(shard) } : {}),
    concurrency: count(raw, 'concurrency', 64),
    concurrentSessions: count(raw, 'concurrent-sessions', 100),
    concurrentUsers: count(raw, 'concurrent-users', 1000),
    github: parseGithubSettings(raw, opts),
  };
}

function parseCriticalTests(raw: RawInputs): string[] | null {
  const globs = parseList(given(raw, 'critical-tests'));
  return globs.length > 0 ? globs : null;
}

/** The GitHub side: comment, comment key, PR, commit status. */
export function parseGithubSettings(
  raw: RawInputs,
  opts: ParseSettingsOptions = {},
): Settings['github'] {
  const d = (name: keyof typeof ACTION_DEFAULTS): string =>
    given(raw, name) ?? ACTION_DEFAULTS[name] ?? '';
  const prNumber = given(raw, 'pr-number');
  const token = given(raw, 'github-token');
  return {
    ...(token !== undefined ? { token } : {}),
    comment: parseChoice('comment', d('comment'), ['sticky', 'new', 'off'] as const),
    commentKey: commentKey(given(raw, 'comment-key'), opts.defaults?.commentKey),
    ...(prNumber !== undefined
      ? { prNumber: parseInteger('pr-number', prNumber, 1, Number.MAX_SAFE_INTEGER) }
      : {}),
    commitStatus: parseBoolean('commit-status', d('commit-status')),
  };
}

/** `mode: merge`: no service is tested, so no base-url or credentials; the gate's policy and the GitHub side only. */
export interface MergeSettings extends Pick<
  Settings,
  'maxFailureRate' | 'criticalTests' | 'perfGate' | 'onInconclusive' | 'resultsDir' | 'github'
> {
  /** results directories of the shards (a directory of shard directories is expanded by the caller) */
  mergeResults: string[];
}

export function parseMode(raw: RawInputs): 'run' | 'merge' {
  return parseChoice('mode', given(raw, 'mode') ?? 'run', ['run', 'merge'] as const);
}

export function parseMergeSettings(raw: RawInputs, opts: ParseSettingsOptions = {}): MergeSettings {
  const d = (name: keyof typeof ACTION_DEFAULTS): string =>
    given(raw, name) ?? ACTION_DEFAULTS[name] ?? '';
  const mergeResults = parseList(given(raw, 'merge-results'));
  if (mergeResults.length === 0) {
    throw new InputError(
      'merge-results',
      'mode: merge needs the shards’ results directories (one per line or comma-separated)',
    );
  }
  return {
    maxFailureRate: percent(d('max-failure-rate')),
    criticalTests: parseCriticalTests(raw),
    perfGate: parseChoice('perf-gate', d('perf-gate'), ['fail', 'warn', 'off'] as const),
    onInconclusive: parseChoice('on-inconclusive', d('on-inconclusive'), [
      'fail',
      'pass',
      'neutral',
    ] as const),
    resultsDir: d('results-dir'),
    github: parseGithubSettings(raw, opts),
    mergeResults,
  };
}
