/**
 * Every top-level key of `suite-config` and the check of its value, one line each.
 *
 * To add a key (`scenarios` of docs/INTERFACE.md §6 is next): write its check in a file of
 * its own (as extra-tests.ts, agent-keys.ts), add it to SuiteOverrides and SECTIONS here, a
 * property to schema/suite-config.schema.json and a section to docs/SUITE-CONFIG.md.
 * __tests__/config/suite-config-schema.test.ts fails until the loader and the schema agree.
 */
import { METRIC_NAMES, type MetricName } from '../model.js';
import { AGENT_SECTIONS } from './agent-keys.js';
import { extraTests } from './extra-tests.js';
import type { AuthTransport, ExtraHttpTest, ProtocolConfig } from './protocol.js';
import {
  agentName,
  authTransport,
  events,
  messages,
  paths,
  timing,
  users,
} from './suite-agent-ws.js';
import { mappingOf, nonEmptyString, positiveMs, urlPath, type Check } from './suite-checks.js';

export interface SuiteOverrides {
  paths?: Partial<ProtocolConfig['paths']>;
  wsPath?: string;
  authTransport?: AuthTransport;
  messages?: Partial<ProtocolConfig['messages']>;
  events?: Partial<ProtocolConfig['events']>;
  agentName?: string;
  unknownAgentName?: string;
  timing?: Partial<ProtocolConfig['timing']>;
  users?: Partial<ProtocolConfig['users']>;
  requestTimeoutMs?: number;
  extraTests?: ExtraHttpTest[];
  /** merged into Settings.perfTargets unless the `perf-targets` input names the metric */
  perfTargets?: Partial<Record<MetricName, number>>;
  prompt?: string;
  toolPrompt?: string;
  a2a?: Partial<ProtocolConfig['a2a']>;
  mcp?: Partial<ProtocolConfig['mcp']>;
}

/** A target per metric name of docs/INTERFACE.md §3: a new metric is a new key here at once. */
const perfTargets = mappingOf<Record<MetricName, number>>(
  Object.fromEntries(METRIC_NAMES.map((name) => [name, positiveMs])) as Record<
    MetricName,
    Check<number>
  >,
);

export const SECTIONS = {
  paths,
  wsPath: urlPath,
  authTransport,
  messages,
  events,
  agentName,
  unknownAgentName: nonEmptyString,
  timing,
  users,
  requestTimeoutMs: positiveMs,
  extraTests,
  perfTargets,
  ...AGENT_SECTIONS,
} satisfies { [K in keyof SuiteOverrides]-?: Check<SuiteOverrides[K]> };

export type SectionName = keyof typeof SECTIONS;
