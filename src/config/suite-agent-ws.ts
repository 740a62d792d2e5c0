/**
 * The `suite-config` keys of the agent-ws protocol (docs/PROTOCOL.md): paths, message types,
 * event names, timing rules and test users that override DEFAULT_PROTOCOL.
 */
import type { AuthTransport, ProtocolConfig } from './protocol.js';
import {
  choice,
  fail,
  listOf,
  mappingOf,
  nonEmptyString,
  positiveMs,
  string,
  templatePath,
  urlPath,
} from './suite-checks.js';

export const paths = mappingOf<ProtocolConfig['paths']>({
  health: urlPath,
  apiHealth: urlPath,
  discovery: urlPath,
  mcpConfig: urlPath,
  mcpServers: urlPath,
  agents: urlPath,
  execute: urlPath,
  threads: urlPath,
  thread: templatePath,
  threadMessages: templatePath,
});

export const authTransport = choice<AuthTransport>(['header', 'subprotocol', 'query']);

export const messages = mappingOf<ProtocolConfig['messages']>({
  ping: nonEmptyString,
  pong: nonEmptyString,
  userMessage: nonEmptyString,
  startAgent: nonEmptyString,
  welcome: nonEmptyString,
  systemMessage: nonEmptyString,
  heartbeat: nonEmptyString,
  ack: nonEmptyString,
  errorTypes: listOf(nonEmptyString, { nonEmpty: true, max: 20 }),
});

export const events = mappingOf<ProtocolConfig['events']>({
  started: nonEmptyString,
  thinking: nonEmptyString,
  toolExecuting: nonEmptyString,
  toolCompleted: nonEmptyString,
  completed: nonEmptyString,
  error: nonEmptyString,
});

/** empty = the service's default agent */
export const agentName = string;

export const timing = mappingOf<ProtocolConfig['timing']>({
  eventWithinMs: positiveMs,
  runWithinMs: positiveMs,
  maxGapMs: positiveMs,
});

export const users = mappingOf<ProtocolConfig['users']>({
  prefix: nonEmptyString,
  emailDomain: (v, at) =>
    typeof v === 'string' && /^[^\s@]+$/.test(v)
      ? v
      : fail(at, "must be a domain without '@' or spaces", v),
  permissions: listOf(nonEmptyString, { nonEmpty: false, max: 50 }),
});
