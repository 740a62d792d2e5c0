/**
 * The events of one run of the reference AG-UI agent, as data: what it sends and the pause
 * before each, for a healthy run (a step, a reasoning span, an answer streamed word by word,
 * a tool call when the prompt asks for one) and as each fault changes it. Pure, so that the
 * server only paces and writes.
 */
import type { AgUiFaults } from './faults.js';

export interface AgUiVariant {
  /** send `*_CHUNK` shorthands instead of START/CONTENT/END */
  chunks: boolean;
  /** add events of types a client must tolerate: CUSTOM, STATE_SNAPSHOT, RAW and an unknown one */
  unknownEvents: boolean;
}

export interface ScriptStep {
  /** pause before this event */
  delayMs: number;
  event: Record<string, unknown>;
}

export interface ScriptInput {
  threadId: string;
  runId: string;
  prompt: string;
  /** the ids RUN_* events carry (another run's under `crossed-runs`) */
  echo: { threadId: string; runId: string };
  eventSpacingMs: number;
  firstTokenDelayMs: number;
  faults: AgUiFaults;
  variant: AgUiVariant;
  /** a fresh id */
  id: (prefix: string) => string;
}

/** The words of every answer; multi-byte on purpose, so that split reads are exercised. */
export const ANSWER = ['Staging ', 'gate ', 'says ', 'hello: ', 'grüße ', '✓ ', '🚀'];

/** A prompt that asks for a tool: the sim calls its `echo` tool. */
export function wantsTool(prompt: string): boolean {
  return /\btool\b/i.test(prompt);
}

export function runScript(input: ScriptInput): ScriptStep[] {
  const { faults, variant } = input;
  const has = (name: Parameters<typeof faults.names.has>[0]): boolean => faults.names.has(name);
  const steps: ScriptStep[] = [];
  const spacing = input.eventSpacingMs;
  const push = (event: Record<string, unknown>, delayMs = spacing): void =>
    void steps.push({ delayMs, event });
  const run = { threadId: input.echo.threadId, runId: input.echo.runId };

  push({ type: 'RUN_STARTED', ...run }, faults.slowStartMs);
  if (has('run-error')) {
    push({ type: 'RUN_ERROR', message: 'provider rate limit exceeded', code: 'RATE_LIMITED' });
    return steps;
  }
  push({ type: 'STEP_STARTED', stepName: 'answer' });
  const reasoning = input.id('reasoning');
  push({ type: 'REASONING_START', messageId: reasoning });
  if (variant.chunks) {
    push({ type: 'REASONING_MESSAGE_CHUNK', messageId: reasoning, delta: 'Reading the prompt.' });
  } else {
    push({ type: 'REASONING_MESSAGE_START', messageId: reasoning, role: 'reasoning' });
    push({ type: 'REASONING_MESSAGE_CONTENT', messageId: reasoning, delta: 'Reading the prompt.' });
    push({ type: 'REASONING_MESSAGE_END', messageId: reasoning });
  }
  push({ type: 'REASONING_END', messageId: reasoning });
  if (variant.unknownEvents) {
    push({ type: 'STATE_SNAPSHOT', snapshot: { stage: 'answering' } });
    push({ type: 'CUSTOM', name: 'staging-gate.sim', value: { note: 'tolerate me' } });
    push({ type: 'X_VENDOR_PROGRESS', percent: 50 });
  }

  const message = input.id('msg');
  const text = ANSWER.map((delta, i) => ({
    delta,
    delayMs:
      i === 0 ? Math.max(spacing, input.firstTokenDelayMs + faults.slowFirstTokenMs) : spacing,
  }));
  const cutAt = has('truncated') ? 3 : has('stall') ? 1 : text.length;
  if (variant.chunks) {
    text
      .slice(0, cutAt)
      .forEach((t, i) =>
        push(
          i === 0
            ? { type: 'TEXT_MESSAGE_CHUNK', messageId: message, role: 'assistant', delta: t.delta }
            : { type: 'TEXT_MESSAGE_CHUNK', delta: t.delta },
          t.delayMs,
        ),
      );
  } else {
    push({ type: 'TEXT_MESSAGE_START', messageId: message, role: 'assistant' });
    for (const t of text.slice(0, cutAt)) {
      push({ type: 'TEXT_MESSAGE_CONTENT', messageId: message, delta: t.delta }, t.delayMs);
    }
  }
  // truncated: the body ends here; stall: nothing more is ever sent
  if (has('truncated') || has('stall')) return steps;
  if (!variant.chunks && !has('unbalanced-message')) {
    push({ type: 'TEXT_MESSAGE_END', messageId: message });
  }

  if (wantsTool(input.prompt)) {
    const call = input.id('call');
    const args = has('invalid-tool-args')
      ? ['{"text": ', '"staging-gate"']
      : ['{"text": ', '"staging-gate"}'];
    if (variant.chunks) {
      push({ type: 'TOOL_CALL_CHUNK', toolCallId: call, toolCallName: 'echo', delta: args[0] });
      push({ type: 'TOOL_CALL_CHUNK', delta: args[1] });
    } else {
      push({ type: 'TOOL_CALL_START', toolCallId: call, toolCallName: 'echo' });
      for (const delta of args) push({ type: 'TOOL_CALL_ARGS', toolCallId: call, delta });
      push({ type: 'TOOL_CALL_END', toolCallId: call });
    }
    push({
      type: 'TOOL_CALL_RESULT',
      messageId: input.id('tool-msg'),
      toolCallId: has('orphan-tool-result') ? input.id('call-never-started') : call,
      content: 'staging-gate',
      role: 'tool',
    });
  }
  if (variant.unknownEvents) push({ type: 'RAW', event: { provider: 'sim' } });
  push({ type: 'STEP_FINISHED', stepName: 'answer' });
  push({ type: 'RUN_FINISHED', ...run });
  if (has('events-after-finish')) {
    push({ type: 'CUSTOM', name: 'late', value: {} });
    push({ type: 'STATE_SNAPSHOT', snapshot: { late: true } });
  }
  return steps;
}
