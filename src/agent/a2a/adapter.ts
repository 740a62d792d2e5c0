/**
 * The A2A adapter: a run is a SendStreamingMessage whose items become agent events (the
 * Task → run_started, a status update → step, artifact text → text, COMPLETED →
 * run_finished, FAILED / REJECTED / CANCELED → run_error), and an auth probe is the same
 * request with the token under test, read up to its first item.
 */
import { randomUUID } from 'node:crypto';
import type { AgentAdapter, AuthProbe, Capability } from '../adapter.js';
import type { AgentEvent, AgentRun } from '../model.js';
import { GateError } from '../../model.js';
import type { A2aClient, StreamOutcome } from './client.js';
import type { TimedItem } from './transitions.js';
import { TERMINAL_STATES, userMessage, wireType, type A2aVersion } from './wire.js';

export const A2A_CAPABILITIES: ReadonlySet<Capability> = new Set([
  'runs',
  'streaming',
  'run-ids',
  'auth',
]);

/** The params of a new message: a fresh messageId, and nothing else the agent must know. */
export function sendParams(version: A2aVersion, prompt: string): unknown {
  return { message: userMessage(version, prompt, randomUUID()) };
}

function event(
  t: TimedItem,
  e: Omit<AgentEvent, 'atMs' | 'wireType' | 'wire' | 'ids'>,
): AgentEvent {
  const item = t.item;
  const ids: AgentEvent['ids'] = {};
  if ('taskId' in item && item.taskId !== undefined) ids.taskId = item.taskId;
  if ('contextId' in item && item.contextId !== undefined) ids.contextId = item.contextId;
  if (item.type === 'task' || item.type === 'status') ids.stepName = item.state;
  if (item.type === 'artifact') ids.messageId = item.artifactId;
  return { ...e, atMs: t.atMs, wireType: wireType(item), ids, wire: item };
}

/** The items of a stream as agent events, in order. */
export function toAgentEvents(items: readonly TimedItem[]): AgentEvent[] {
  const out: AgentEvent[] = [];
  for (const t of items) {
    const item = t.item;
    switch (item.type) {
      case 'message':
        if (out.length === 0) out.push(event(t, { kind: 'run_started' }));
        out.push(event(t, { kind: 'text', text: item.text }));
        if (item.taskId === undefined) out.push(event(t, { kind: 'run_finished' }));
        break;
      case 'artifact':
        out.push(event(t, { kind: 'text', text: item.text }));
        break;
      case 'task':
      case 'status': {
        if (item.type === 'task' && out.length === 0) out.push(event(t, { kind: 'run_started' }));
        else if (!TERMINAL_STATES.has(item.state)) out.push(event(t, { kind: 'step' }));
        if (item.type === 'task')
          for (const text of item.artifacts.values()) out.push(event(t, { kind: 'text', text }));
        if (item.state === 'completed') out.push(event(t, { kind: 'run_finished' }));
        else if (TERMINAL_STATES.has(item.state))
          out.push(event(t, { kind: 'run_error', text: item.statusText ?? `task ${item.state}` }));
        break;
      }
    }
  }
  return out;
}

/** A stream outcome as an agent run. */
export function toAgentRun(outcome: StreamOutcome): AgentRun {
  if (outcome.kind === 'answer') {
    const a = outcome.answer;
    const message =
      a.kind === 'error'
        ? `answered JSON-RPC error ${a.error.code} "${a.error.message}" instead of a stream`
        : a.kind === 'result'
          ? 'answered one JSON body instead of an event stream'
          : `answered HTTP ${a.status} ${a.contentType || ''} instead of an event stream`.trim();
    return {
      protocol: 'a2a',
      requested: {},
      status: outcome.status,
      events: [],
      end: {
        kind: 'failed',
        atMs: outcome.headAtMs,
        facts: {
          kind: a.kind === 'other' ? 'status' : 'protocol',
          httpStatus: outcome.status,
          stage: 'response',
        },
        message,
      },
    };
  }
  return {
    protocol: 'a2a',
    requested: {},
    status: outcome.status,
    contentType: 'text/event-stream',
    events: toAgentEvents(outcome.items),
    end: outcome.end,
  };
}

export function createA2aAdapter(client: A2aClient): AgentAdapter {
  return {
    protocol: 'a2a',
    capabilities: A2A_CAPABILITIES,
    async run(req) {
      const outcome = await client.stream('stream', sendParams(client.version, req.prompt), {
        signal: req.signal,
        evidence: req.evidence,
        timeoutMs: req.timeoutMs,
        ...(req.token !== undefined ? { token: req.token } : {}),
        ...(req.label ? { label: req.label } : {}),
      });
      return toAgentRun(outcome);
    },
    async probeAuth(token, opts): Promise<AuthProbe> {
      const outcome = await client.stream(
        'stream',
        sendParams(client.version, 'staging-gate auth probe'),
        {
          ...opts,
          ...(token !== undefined ? { token } : {}),
          onItem: () => true,
        },
      );
      const path = new URL(await client.endpoint()).pathname;
      if (outcome.kind === 'stream') {
        const first = outcome.items[0];
        return {
          accepted: true,
          httpStatus: outcome.status,
          detail: `POST ${path} → ${outcome.status} text/event-stream${first ? `, ${wireType(first.item)} came` : ''}`,
        };
      }
      const a = outcome.answer;
      const accepted = outcome.status >= 200 && outcome.status < 300 && a.kind === 'result';
      const what =
        a.kind === 'error'
          ? `JSON-RPC error ${a.error.code}`
          : a.kind === 'result'
            ? 'a result'
            : a.contentType || 'no JSON';
      return {
        accepted,
        httpStatus: outcome.status,
        detail: `POST ${path} → ${outcome.status}, ${what}`,
      };
    },
  };
}

/** A stream that failed before any item, as the GateError a test throws. */
export function streamFailure(outcome: StreamOutcome, what: string): GateError | undefined {
  const run = toAgentRun(outcome);
  if (run.end.kind === 'failed' && run.events.length === 0)
    return new GateError(`${what}: ${run.end.message}`, run.end.facts);
  return undefined;
}
