/**
 * The reference agent's tasks: a store scoped per user and a runner that moves each task
 * SUBMITTED → WORKING → artifact chunks → COMPLETED on its own clock, independent of any
 * connection (a client that disconnects can subscribe again and get the rest). Listeners
 * get every event as the dialect writes it on the wire.
 */
import { randomUUID } from 'node:crypto';
import type { A2aActiveFaults } from './faults.js';

export type SimA2aVersion = '1.0' | '0.3';
export type SimState = 'submitted' | 'working' | 'completed' | 'failed' | 'canceled';

const TERMINAL: ReadonlySet<SimState> = new Set(['completed', 'failed', 'canceled']);

export interface SimTask {
  id: string;
  contextId: string;
  owner: string;
  state: SimState;
  statusText?: string;
  /** chunks of the one artifact, as sent */
  chunks: string[];
  artifactId: string;
  /** the state GetTask reports under gettask-stale */
  staleState: SimState;
  listeners: Set<(result: unknown, terminal: boolean) => void>;
  timers: NodeJS.Timeout[];
  /** cancel-ignored: the cancel was acknowledged, the task runs on */
  cancelAcknowledged: boolean;
}

export interface TaskStoreOptions {
  version: SimA2aVersion;
  faults: A2aActiveFaults;
  eventSpacingMs: number;
}

const isTerminal = (s: SimState): boolean => TERMINAL.has(s);

function wireState(version: SimA2aVersion, s: SimState): string {
  return version === '1.0' ? `TASK_STATE_${s.toUpperCase()}` : s;
}

function textPart(version: SimA2aVersion, text: string): unknown {
  return version === '1.0' ? { text } : { kind: 'text', text };
}

function status(version: SimA2aVersion, task: SimTask, state: SimState): Record<string, unknown> {
  const s: Record<string, unknown> = {
    state: wireState(version, state),
    timestamp: new Date().toISOString(),
  };
  if (task.statusText && state === task.state) {
    s.message = {
      ...(version === '0.3' ? { kind: 'message' } : {}),
      messageId: randomUUID(),
      role: version === '1.0' ? 'ROLE_AGENT' : 'agent',
      parts: [textPart(version, task.statusText)],
      taskId: task.id,
      contextId: task.contextId,
    };
  }
  return s;
}

/** The Task object as GetTask / SendMessage answer it. */
export function taskObject(
  version: SimA2aVersion,
  task: SimTask,
  view: { state: SimState; chunks: string[] } = task,
): Record<string, unknown> {
  const t: Record<string, unknown> = {
    ...(version === '0.3' ? { kind: 'task' } : {}),
    id: task.id,
    contextId: task.contextId,
    status: status(version, task, view.state),
  };
  if (view.chunks.length > 0) {
    t.artifacts = [
      {
        artifactId: task.artifactId,
        name: 'answer',
        parts: [textPart(version, view.chunks.join(''))],
      },
    ];
  }
  return t;
}

/** A streamed result: wrapped by member in v1.0, tagged by `kind` in v0.3. */
function streamed(
  version: SimA2aVersion,
  member: 'task' | 'statusUpdate' | 'artifactUpdate',
  value: Record<string, unknown>,
): unknown {
  if (version === '1.0') return { [member]: value };
  const kind =
    member === 'task' ? 'task' : member === 'statusUpdate' ? 'status-update' : 'artifact-update';
  return { ...value, kind };
}

export function createTaskStore(opts: TaskStoreOptions) {
  const { version, faults } = opts;
  const tasks = new Map<string, SimTask>();
  const has = (f: string): boolean => faults.names.has(f);
  const MAX_TASKS = 5_000;

  const emit = (task: SimTask, result: unknown, terminal = false): void => {
    for (const l of [...task.listeners]) l(result, terminal);
  };
  const statusUpdate = (task: SimTask, state: SimState, final: boolean): unknown =>
    streamed(version, 'statusUpdate', {
      taskId: task.id,
      contextId: task.contextId,
      status: status(version, task, state),
      ...(version === '0.3' ? { final } : {}),
    });
  const artifactUpdate = (
    task: SimTask,
    text: string,
    append: boolean,
    lastChunk: boolean,
  ): unknown =>
    streamed(version, 'artifactUpdate', {
      taskId: task.id,
      contextId: task.contextId,
      artifact: { artifactId: task.artifactId, name: 'answer', parts: [textPart(version, text)] },
      append,
      lastChunk,
    });

  const setState = (task: SimTask, state: SimState): void => {
    task.state = state;
    if (!has('gettask-stale') || state === 'submitted' || state === 'working')
      task.staleState = state;
  };

  const finish = (task: SimTask, state: SimState, text?: string): void => {
    if (text) task.statusText = text;
    setState(task, state);
    emit(task, statusUpdate(task, state, true), true);
    if (has('events-after-terminal')) {
      emit(task, artifactUpdate(task, ' (late)', true, true));
      emit(task, statusUpdate(task, 'working', false));
    }
    for (const l of [...task.listeners]) l(undefined, true);
  };

  /** Starts a task for `owner`: its steps are scheduled, listeners attach before the first fires. */
  function start(owner: string, prompt: string): SimTask {
    if (tasks.size >= MAX_TASKS) {
      const oldest = tasks.keys().next().value as string;
      tasks.delete(oldest);
    }
    const task: SimTask = {
      id: randomUUID(),
      contextId: randomUUID(),
      owner,
      state: 'submitted',
      chunks: [],
      artifactId: randomUUID(),
      staleState: 'submitted',
      listeners: new Set(),
      timers: [],
      cancelAcknowledged: false,
    };
    tasks.set(task.id, task);
    const words = `Reference A2A agent, answering: ${prompt.slice(0, 200)}`
      .split(/(?<= )/)
      .slice(0, 8);
    const steps: Array<() => void> = [
      () => {
        setState(task, 'working');
        emit(task, statusUpdate(task, 'working', false));
      },
    ];
    if (has('failed-task')) {
      steps.push(() => finish(task, 'failed', 'the model backend answered 500'));
    } else {
      words.forEach((w, i) => {
        steps.push(() => {
          if (isTerminal(task.state) && !task.cancelAcknowledged) return;
          const last = i === words.length - 1;
          const bad = has('bad-artifact-chunks');
          task.chunks.push(w);
          emit(task, artifactUpdate(task, w, bad ? true : i > 0, bad ? i === 0 || last : last));
        });
      });
      if (!has('never-terminal')) steps.push(() => finish(task, 'completed'));
      else
        steps.push(() => {
          // stuck in WORKING: whoever listens sees the stream end without a terminal state
          for (const l of [...task.listeners]) l(undefined, true);
        });
    }
    const spacing = Math.max(1, opts.eventSpacingMs);
    // one step at a time, each scheduling the next: timers of different lengths due at once
    // under load may fire out of order, a chain cannot
    const next = (i: number, delay: number): void => {
      const timer = setTimeout(() => {
        task.timers = [];
        if (isTerminal(task.state) && !task.cancelAcknowledged) return;
        steps[i]();
        if (i + 1 < steps.length) next(i + 1, spacing);
      }, delay);
      timer.unref();
      task.timers = [timer];
    };
    next(0, faults.slowStartMs + spacing);
    return task;
  }

  return {
    start,
    /** the first result of a stream: the task as submitted */
    firstResult: (task: SimTask): unknown =>
      streamed(version, 'task', taskObject(version, task, { state: 'submitted', chunks: [] })),
    snapshot: (task: SimTask): unknown => streamed(version, 'task', taskObject(version, task)),
    /** the task if `user` may see it */
    find(id: unknown, user: string): SimTask | undefined {
      if (typeof id !== 'string') return undefined;
      const task = tasks.get(id);
      if (!task) return undefined;
      return task.owner === user || has('tasks-visible-to-others') ? task : undefined;
    },
    /** what GetTask answers */
    view(task: SimTask): Record<string, unknown> {
      return has('gettask-stale')
        ? taskObject(version, task, {
            state: task.staleState,
            chunks: task.staleState === 'working' ? [] : task.chunks,
          })
        : taskObject(version, task);
    },
    /** CancelTask: true when canceled (or acknowledged), false when already terminal */
    cancel(task: SimTask): boolean {
      if (isTerminal(task.state)) return false;
      if (has('cancel-ignored')) {
        task.cancelAcknowledged = true;
        return true;
      }
      for (const t of task.timers) clearTimeout(t);
      finish(task, 'canceled');
      return true;
    },
    /** a made-up completed task for an unknown id (made-up-task) */
    madeUp(id: string, user: string): Record<string, unknown> {
      const task: SimTask = {
        id,
        contextId: randomUUID(),
        owner: user,
        state: 'completed',
        chunks: ['made up'],
        artifactId: randomUUID(),
        staleState: 'completed',
        listeners: new Set(),
        timers: [],
        cancelAcknowledged: false,
      };
      return taskObject(version, task);
    },
    isTerminal: (task: SimTask) => isTerminal(task.state),
    close(): void {
      for (const t of tasks.values()) for (const timer of t.timers) clearTimeout(timer);
      tasks.clear();
    },
  };
}

export type TaskStore = ReturnType<typeof createTaskStore>;
