// The A2A task rules as properties: every well-formed task stream passes; anything after the
// terminal state, a state going back to SUBMITTED, an orphan `append`, a chunk after
// `lastChunk`, another task's update and (v0.3) a terminal update without `final` each fail,
// with the index and category of the item at fault. And the wire reader refuses what the
// spec does not allow.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toAgentEvents } from '../../src/agent/a2a/adapter.js';
import { checkCard } from '../../src/agent/a2a/card.js';
import { checkTransitions, taskOutcome, type TimedItem } from '../../src/agent/a2a/transitions.js';
import {
  readResult,
  type A2aItem,
  type A2aVersion,
  type TaskState,
} from '../../src/agent/a2a/wire.js';

const T = 'task-1';
const C = 'ctx-1';
const at = (item: A2aItem, i: number): TimedItem => ({ item, atMs: i * 10 });
const task = (state: TaskState = 'submitted'): A2aItem => ({
  type: 'task',
  taskId: T,
  contextId: C,
  state,
  artifacts: new Map(),
});
const status = (state: TaskState, final?: boolean): A2aItem => ({
  type: 'status',
  taskId: T,
  contextId: C,
  state,
  ...(final !== undefined ? { final } : {}),
});
const chunk = (text: string, append: boolean, lastChunk: boolean, artifactId = 'a1'): A2aItem => ({
  type: 'artifact',
  taskId: T,
  contextId: C,
  artifactId,
  text,
  append,
  lastChunk,
});

/** A healthy stream: Task, WORKING updates interleaved with one artifact's chunks, a terminal state. */
const healthy = (version: A2aVersion) =>
  fc
    .record({
      chunks: fc.array(fc.string({ maxLength: 5 }), { minLength: 1, maxLength: 6 }),
      workingBetween: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      end: fc.constantFrom<TaskState>('completed', 'failed', 'canceled', 'rejected'),
    })
    .map(({ chunks, workingBetween, end }) => {
      const items: A2aItem[] = [task(), status('working', version === '0.3' ? false : undefined)];
      chunks.forEach((c, i) => {
        items.push(chunk(c, i > 0, i === chunks.length - 1));
        if (workingBetween[i]) items.push(status('working', version === '0.3' ? false : undefined));
      });
      items.push(status(end, version === '0.3' ? true : undefined));
      return { items: items.map(at), text: chunks.join('') };
    });

describe.each(['1.0', '0.3'] as const)('A2A task rules, v%s', (version) => {
  it('pass every well-formed stream, and its outcome is the chunks joined', () => {
    fc.assert(
      fc.property(healthy(version), ({ items, text }) => {
        expect(checkTransitions(items, { version })).toBeUndefined();
        expect(taskOutcome(items).artifacts.get('a1')).toBe(text);
      }),
    );
  });

  it('fail anything after the terminal state, at its index', () => {
    fc.assert(
      fc.property(
        healthy(version),
        fc.constantFrom(
          status('working', version === '0.3' ? false : undefined),
          chunk('late', true, true),
        ),
        ({ items }, extra) => {
          const broken = checkTransitions([...items, at(extra, items.length)], { version });
          expect(broken?.category).toBe('protocol_violation');
          expect(broken?.index).toBe(items.length);
        },
      ),
    );
  });

  it('fail SUBMITTED after WORKING, an orphan append, a chunk after lastChunk, and another task', () => {
    const f = version === '0.3' ? false : undefined;
    const cases: Array<[A2aItem[], string]> = [
      [[task(), status('working', f), status('submitted', f)], 'protocol_violation'],
      [[task(), chunk('x', true, false)], 'protocol_violation'],
      [[task(), chunk('x', false, true), chunk('y', true, false)], 'protocol_violation'],
      [[task(), { ...status('working', f), taskId: 'other' } as A2aItem], 'isolation_breach'],
      [[status('working', f)], 'missing_event'],
    ];
    for (const [items, category] of cases) {
      expect(checkTransitions(items.map(at), { version })?.category, JSON.stringify(items)).toBe(
        category,
      );
    }
  });
});

describe('v0.3 final flag', () => {
  it('a terminal update without final: true fails; final on WORKING fails', () => {
    expect(
      checkTransitions([task(), status('completed', false)].map(at), { version: '0.3' })?.category,
    ).toBe('protocol_violation');
    expect(
      checkTransitions([task(), status('working', true)].map(at), { version: '0.3' })?.category,
    ).toBe('protocol_violation');
  });
});

describe('the adapter maps a stream to agent events', () => {
  it('Task → run_started, WORKING → step, chunk → text, COMPLETED → run_finished, FAILED → run_error', () => {
    const ok = toAgentEvents(
      [task(), status('working'), chunk('a', false, true), status('completed')].map(at),
    );
    expect(ok.map((e) => e.kind)).toEqual(['run_started', 'step', 'text', 'run_finished']);
    const failed = toAgentEvents([task(), status('failed')].map(at));
    expect(failed.map((e) => e.kind)).toEqual(['run_started', 'run_error']);
  });
});

describe('the wire reader', () => {
  it('refuses results the spec does not allow', () => {
    const bad: Array<[A2aVersion, unknown, boolean]> = [
      ['1.0', { task: { id: 't' } }, true], // no contextId, no status
      ['1.0', { task: { id: 't', contextId: 'c', status: { state: 'working' } } }, true], // v0.3 state in v1.0
      [
        '1.0',
        { statusUpdate: { taskId: 't', contextId: 'c', status: { state: 'TASK_STATE_WORKING' } } },
        false,
      ], // update where none may be
      ['1.0', { task: {}, message: {} }, true], // two members
      [
        '1.0',
        {
          artifactUpdate: { taskId: 't', contextId: 'c', artifact: { artifactId: 'a', parts: [] } },
        },
        true,
      ], // no part
      [
        '0.3',
        { kind: 'status-update', taskId: 't', contextId: 'c', status: { state: 'working' } },
        true,
      ], // no final
      ['0.3', { id: 't', contextId: 'c', status: { state: 'working' } }, true], // no kind
    ];
    for (const [version, result, streaming] of bad) {
      expect(readResult(version, result, streaming).ok, JSON.stringify(result)).toBe(false);
    }
  });

  it('reads a v1.0 task and a v0.3 artifact update', () => {
    const t = readResult(
      '1.0',
      {
        task: {
          id: 't',
          contextId: 'c',
          status: { state: 'TASK_STATE_COMPLETED' },
          artifacts: [{ artifactId: 'a', parts: [{ text: 'hi' }] }],
        },
      },
      false,
    );
    expect(
      t.ok &&
        t.value.type === 'task' &&
        t.value.state === 'completed' &&
        t.value.artifacts.get('a'),
    ).toBe('hi');
    const u = readResult(
      '0.3',
      {
        kind: 'artifact-update',
        taskId: 't',
        contextId: 'c',
        artifact: { artifactId: 'a', parts: [{ kind: 'text', text: 'x' }] },
        append: true,
      },
      true,
    );
    expect(u.ok && u.value.type === 'artifact' && u.value.append).toBe(true);
  });
});

describe('the agent card check', () => {
  const card = {
    name: 'n',
    description: 'd',
    version: '1',
    capabilities: {},
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [{ id: 's', name: 's', description: 's' }],
    supportedInterfaces: [{ url: '/a2a', protocolBinding: 'JSONRPC' }],
  };
  it('takes the JSONRPC interface, resolved against the card URL', () => {
    const c = checkCard(card, '1.0', 'https://agent.example/.well-known/agent-card.json');
    expect(c.ok && c.card.jsonRpcUrl).toBe('https://agent.example/a2a');
  });
  it('lists every missing field', () => {
    const { skills: _s, supportedInterfaces: _i, ...rest } = card;
    const c = checkCard(rest, '1.0', 'https://agent.example/x');
    expect(c.ok ? [] : c.problems).toEqual([
      '"skills" is not a list',
      '"supportedInterfaces" is not a non-empty list',
    ]);
  });
});
