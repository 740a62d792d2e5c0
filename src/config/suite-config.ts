/**
 * `suite-config`: a YAML or JSON file that overrides the protocol defaults (paths, message
 * types, event names, timing rules, test users), adds HTTP tests and sets perf targets.
 * Every key is checked; a bad file is one InputError naming `suite-config` and the key.
 */
import { parseDocument } from 'yaml';
import { MCP_CALL_KEYS } from './agent-keys.js';
import { EXTRA_TEST_KEYS } from './extra-tests.js';
import type { ProtocolConfig } from './protocol.js';
import { printable } from './printable.js';
import { InputError } from './settings.js';
import { INPUT, checkKeys, isMapping, string } from './suite-checks.js';
import { SECTIONS, type SectionName, type SuiteOverrides } from './suite-sections.js';

export type { SuiteOverrides } from './suite-sections.js';

const MAX_BYTES = 1_000_000;
const MAX_ALIASES = 100;

/**
 * `$schema` names the JSON Schema for editors (docs/SUITE-CONFIG.md); the loader accepts
 * and ignores it, so that a JSON file can carry it.
 */
const SCHEMA_KEY = '$schema';
const TOP_KEYS = Object.keys(SECTIONS) as SectionName[];

/** Nested key names, so that `maxGapMs:` at the top level suggests `timing.maxGapMs`. */
const NESTED = new Map<string, string>(
  Object.entries(SECTIONS).flatMap(([section, check]) =>
    'keys' in check ? check.keys.map((k): [string, string] => [k, `${section}.${k}`]) : [],
  ),
);

/** The keys `loadSuiteConfig` accepts: the top level, and those of each mapping section. */
export const SUITE_CONFIG_KEYS: {
  top: readonly string[];
  sections: Readonly<Record<string, readonly string[]>>;
} = {
  top: [...TOP_KEYS, SCHEMA_KEY],
  sections: Object.fromEntries(
    Object.entries(SECTIONS).flatMap(([section, check]) =>
      'keys' in check ? [[section, check.keys]] : [],
    ),
  ),
};

/** The keys of one entry of a list section. */
export const SUITE_CONFIG_ITEM_KEYS: Readonly<Record<string, readonly string[]>> = {
  extraTests: EXTRA_TEST_KEYS,
  'mcp.calls': MCP_CALL_KEYS,
};

function oneLine(text: string): string {
  return printable(text.split('\n')[0].trim(), 200);
}

function parseYaml(text: string, shownName: string): unknown {
  // pretty errors say "at line L, column C:" on their first line, then quote the source;
  // only the first line is kept, so the message stays one line. logLevel 'error' keeps the
  // parser's warnings out of process warnings.
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, logLevel: 'error' });
  const [error] = doc.errors;
  if (error) {
    const first = oneLine(error.message).replace(/:$/, '');
    throw new InputError(INPUT, `cannot parse '${shownName}' as YAML: ${first}`);
  }
  return doc.toJS({ maxAliasCount: MAX_ALIASES });
}

/** JSON by extension (.json), YAML by extension (.yml/.yaml), else JSON when it looks like it. */
function parseText(text: string, fileName: string, shownName: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  const lower = fileName.toLowerCase();
  const isYaml = lower.endsWith('.yml') || lower.endsWith('.yaml');
  const isJson = lower.endsWith('.json') || (!isYaml && /^\s*\{/.test(body));
  if (!isJson) return parseYaml(body, shownName);
  try {
    return JSON.parse(body);
  } catch (err) {
    const why = err instanceof Error ? oneLine(err.message) : 'invalid JSON';
    throw new InputError(INPUT, `cannot parse '${shownName}' as JSON: ${why}`);
  }
}

/** The overrides a suite-config file declares; throws InputError for anything else. */
export function loadSuiteConfig(text: string, fileName: string): SuiteOverrides {
  const shownName = printable(fileName, 200);
  if (text.length > MAX_BYTES) {
    throw new InputError(
      INPUT,
      `'${shownName}' is larger than ${MAX_BYTES} bytes; is it the right file?`,
    );
  }
  let doc: unknown;
  try {
    doc = parseText(text, fileName, shownName);
  } catch (err) {
    if (err instanceof InputError) throw err;
    // the parsers may overflow the stack on absurd nesting or refuse alias bombs: still a bad file
    const why = err instanceof Error ? oneLine(err.message) : 'unreadable';
    throw new InputError(INPUT, `cannot parse '${shownName}': ${why}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isMapping(doc)) {
    throw new InputError(
      INPUT,
      `'${shownName}' must hold a mapping of keys (paths, events, timing, ...) at the top level`,
    );
  }
  checkKeys(doc, SUITE_CONFIG_KEYS.top, '', (key) => NESTED.get(key));
  if (Object.hasOwn(doc, SCHEMA_KEY)) string(doc[SCHEMA_KEY], SCHEMA_KEY);
  const out: Record<string, unknown> = {};
  for (const key of TOP_KEYS) {
    if (Object.hasOwn(doc, key)) out[key] = SECTIONS[key](doc[key], key);
  }
  return out as SuiteOverrides;
}

/** The protocol with the overrides applied; `base` is never mutated. */
export function applySuiteConfig(base: ProtocolConfig, overrides: SuiteOverrides): ProtocolConfig {
  const p = structuredClone(base);
  return {
    ...p,
    paths: { ...p.paths, ...overrides.paths },
    wsPath: overrides.wsPath ?? p.wsPath,
    authTransport: overrides.authTransport ?? p.authTransport,
    messages: { ...p.messages, ...overrides.messages },
    events: { ...p.events, ...overrides.events },
    agentName: overrides.agentName ?? p.agentName,
    unknownAgentName: overrides.unknownAgentName ?? p.unknownAgentName,
    timing: { ...p.timing, ...overrides.timing },
    users: { ...p.users, ...overrides.users },
    requestTimeoutMs: overrides.requestTimeoutMs ?? p.requestTimeoutMs,
    prompt: overrides.prompt ?? p.prompt,
    ...(overrides.toolPrompt !== undefined ? { toolPrompt: overrides.toolPrompt } : {}),
    a2a: { ...p.a2a, ...overrides.a2a },
    mcp: { ...p.mcp, ...overrides.mcp },
    extraTests: [...p.extraTests, ...(overrides.extraTests ?? [])],
  };
}
