/**
 * The A2A wire of both dialects the gate speaks, read into one neutral shape: v1.0 (methods
 * `SendMessage`, `GetTask`, …; ProtoJSON results `{task}`, `{statusUpdate}`, states
 * `TASK_STATE_*`, parts `{text}`) and v0.3 (methods `message/send`, `tasks/get`, …; results
 * tagged by `kind`, states `working`, parts `{kind: "text", text}`, a `final` flag).
 *
 * Reading is strict where the official SDK is: a result that is not one of the shapes the
 * spec defines, a task without an id, a state that is not a state, is a problem with a
 * message, never a guess.
 */

export type A2aVersion = '1.0' | '0.3';

export type A2aMethod = 'send' | 'stream' | 'get' | 'cancel' | 'subscribe';

const METHODS: Record<A2aVersion, Record<A2aMethod, string>> = {
  '1.0': {
    send: 'SendMessage',
    stream: 'SendStreamingMessage',
    get: 'GetTask',
    cancel: 'CancelTask',
    subscribe: 'SubscribeToTask',
  },
  '0.3': {
    send: 'message/send',
    stream: 'message/stream',
    get: 'tasks/get',
    cancel: 'tasks/cancel',
    subscribe: 'tasks/resubscribe',
  },
};

export function methodName(version: A2aVersion, method: A2aMethod): string {
  return METHODS[version][method];
}

/** The A2A JSON-RPC error codes the checks name. */
export const A2A_ERRORS = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  taskNotFound: -32001,
  taskNotCancelable: -32002,
  unsupportedOperation: -32004,
  versionNotSupported: -32009,
} as const;

export const TASK_STATES = [
  'submitted',
  'working',
  'input-required',
  'auth-required',
  'completed',
  'failed',
  'canceled',
  'rejected',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set([
  'completed',
  'failed',
  'canceled',
  'rejected',
]);
/** States where a task waits for the client: a stream may end there. */
export const INTERRUPTED_STATES: ReadonlySet<TaskState> = new Set([
  'input-required',
  'auth-required',
]);

/** The state as the dialect writes it: `TASK_STATE_WORKING` or `working`. */
export function wireState(version: A2aVersion, state: TaskState): string {
  return version === '1.0' ? `TASK_STATE_${state.toUpperCase().replace('-', '_')}` : state;
}

function readState(version: A2aVersion, raw: unknown): TaskState | undefined {
  if (typeof raw !== 'string') return undefined;
  return TASK_STATES.find((s) => wireState(version, s) === raw);
}

export interface ArtifactChunk {
  artifactId: string;
  /** the text parts, joined */
  text: string;
  append: boolean;
  lastChunk: boolean;
}

/** One result of the wire, read: a task snapshot, an agent message, or an update of a task. */
export type A2aItem =
  | {
      type: 'task';
      taskId: string;
      contextId: string;
      state: TaskState;
      /** the texts of each artifact, by id */
      artifacts: Map<string, string>;
      statusText?: string;
    }
  | { type: 'message'; messageId: string; text: string; taskId?: string; contextId?: string }
  | {
      type: 'status';
      taskId: string;
      contextId: string;
      state: TaskState;
      statusText?: string;
      /** v0.3 only: the `final` flag */
      final?: boolean;
    }
  | ({ type: 'artifact'; taskId: string; contextId: string } & ArtifactChunk);

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(problem: string): Read<T> => ({ ok: false, problem });

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/** The text of a part list: text parts joined, others skipped (files, data are not text). */
function partsText(version: A2aVersion, parts: unknown, where: string): Read<string> {
  if (!Array.isArray(parts)) return bad(`${where}.parts is not an array`);
  let text = '';
  for (const [i, p] of parts.entries()) {
    if (!isRecord(p)) return bad(`${where}.parts[${i}] is not an object`);
    if (version === '0.3') {
      if (!nonEmpty(p.kind)) return bad(`${where}.parts[${i}] has no "kind"`);
      if (p.kind === 'text') {
        if (typeof p.text !== 'string') return bad(`${where}.parts[${i}].text is not a string`);
        text += p.text;
      }
    } else {
      const members = ['text', 'raw', 'url', 'data'].filter((k) => p[k] !== undefined);
      if (members.length !== 1)
        return bad(`${where}.parts[${i}] must hold exactly one of text, raw, url, data`);
      if (p.text !== undefined) {
        if (typeof p.text !== 'string') return bad(`${where}.parts[${i}].text is not a string`);
        text += p.text;
      }
    }
  }
  return ok(text);
}

function readStatus(
  version: A2aVersion,
  status: unknown,
  where: string,
): Read<{ state: TaskState; statusText?: string }> {
  if (!isRecord(status)) return bad(`${where}.status is missing`);
  const state = readState(version, status.state);
  if (!state)
    return bad(`${where}.status.state ${JSON.stringify(status.state)} is not a task state`);
  if (status.message !== undefined && isRecord(status.message)) {
    const t = partsText(version, status.message.parts, `${where}.status.message`);
    if (!t.ok) return t;
    return ok(t.value ? { state, statusText: t.value } : { state });
  }
  return ok({ state });
}

function readArtifact(
  version: A2aVersion,
  a: unknown,
  where: string,
): Read<{ artifactId: string; text: string }> {
  if (!isRecord(a)) return bad(`${where} is not an object`);
  if (!nonEmpty(a.artifactId)) return bad(`${where} has no artifactId`);
  if (!Array.isArray(a.parts) || a.parts.length === 0)
    return bad(`${where} must contain at least one part`);
  const t = partsText(version, a.parts, where);
  return t.ok ? ok({ artifactId: a.artifactId, text: t.value }) : t;
}

function readTask(version: A2aVersion, t: unknown): Read<A2aItem> {
  if (!isRecord(t)) return bad('the task is not an object');
  if (!nonEmpty(t.id)) return bad('the task has no id');
  if (!nonEmpty(t.contextId)) return bad(`task ${t.id} has no contextId`);
  const status = readStatus(version, t.status, 'task');
  if (!status.ok) return status;
  const artifacts = new Map<string, string>();
  if (t.artifacts !== undefined) {
    if (!Array.isArray(t.artifacts)) return bad('task.artifacts is not an array');
    for (const [i, a] of t.artifacts.entries()) {
      const art = readArtifact(version, a, `task.artifacts[${i}]`);
      if (!art.ok) return art;
      artifacts.set(art.value.artifactId, art.value.text);
    }
  }
  return ok({ type: 'task', taskId: t.id, contextId: t.contextId, artifacts, ...status.value });
}

function readMessage(version: A2aVersion, m: unknown): Read<A2aItem> {
  if (!isRecord(m)) return bad('the message is not an object');
  if (!nonEmpty(m.messageId)) return bad('the message has no messageId');
  const agentRole = version === '1.0' ? 'ROLE_AGENT' : 'agent';
  if (m.role !== agentRole)
    return bad(`the agent's message has role ${JSON.stringify(m.role)}, not ${agentRole}`);
  const text = partsText(version, m.parts, 'message');
  if (!text.ok) return text;
  return ok({
    type: 'message',
    messageId: m.messageId,
    text: text.value,
    ...(nonEmpty(m.taskId) ? { taskId: m.taskId } : {}),
    ...(nonEmpty(m.contextId) ? { contextId: m.contextId } : {}),
  });
}

function readStatusUpdate(version: A2aVersion, u: unknown): Read<A2aItem> {
  if (!isRecord(u)) return bad('the status update is not an object');
  if (!nonEmpty(u.taskId)) return bad('the status update has no taskId');
  if (!nonEmpty(u.contextId)) return bad('the status update has no contextId');
  const status = readStatus(version, u.status, 'statusUpdate');
  if (!status.ok) return status;
  const item: A2aItem = {
    type: 'status',
    taskId: u.taskId,
    contextId: u.contextId,
    ...status.value,
  };
  if (version === '0.3') {
    if (typeof u.final !== 'boolean') return bad('the v0.3 status update has no boolean "final"');
    item.final = u.final;
  }
  return ok(item);
}

function readArtifactUpdate(version: A2aVersion, u: unknown): Read<A2aItem> {
  if (!isRecord(u)) return bad('the artifact update is not an object');
  if (!nonEmpty(u.taskId)) return bad('the artifact update has no taskId');
  if (!nonEmpty(u.contextId)) return bad('the artifact update has no contextId');
  const art = readArtifact(version, u.artifact, 'artifactUpdate.artifact');
  if (!art.ok) return art;
  for (const flag of ['append', 'lastChunk'] as const) {
    if (u[flag] !== undefined && typeof u[flag] !== 'boolean')
      return bad(`artifactUpdate.${flag} is not a boolean`);
  }
  return ok({
    type: 'artifact',
    taskId: u.taskId,
    contextId: u.contextId,
    ...art.value,
    append: u.append === true,
    lastChunk: u.lastChunk === true,
  });
}

/**
 * A JSON-RPC `result` read as an item. `streaming` allows the update shapes, which a
 * SendMessage or GetTask answer must not carry.
 */
export function readResult(
  version: A2aVersion,
  result: unknown,
  streaming: boolean,
): Read<A2aItem> {
  if (!isRecord(result)) return bad('the result is not an object');
  if (version === '0.3') {
    switch (result.kind) {
      case 'task':
        return readTask(version, result);
      case 'message':
        return readMessage(version, result);
      case 'status-update':
        return streaming
          ? readStatusUpdate(version, result)
          : bad('a status update is not an answer here');
      case 'artifact-update':
        return streaming
          ? readArtifactUpdate(version, result)
          : bad('an artifact update is not an answer here');
      default:
        return bad(
          `the result's kind ${JSON.stringify(result.kind)} is not task, message, status-update or artifact-update`,
        );
    }
  }
  const keys = Object.keys(result);
  const allowed = streaming
    ? ['task', 'message', 'statusUpdate', 'artifactUpdate']
    : ['task', 'message'];
  const present = allowed.filter((k) => result[k] !== undefined);
  if (present.length !== 1) {
    return bad(
      `the result must hold exactly one of ${allowed.join(', ')}; it has ${keys.join(', ') || 'nothing'}`,
    );
  }
  switch (present[0]) {
    case 'task':
      return readTask(version, result.task);
    case 'message':
      return readMessage(version, result.message);
    case 'statusUpdate':
      return readStatusUpdate(version, result.statusUpdate);
    default:
      return readArtifactUpdate(version, result.artifactUpdate);
  }
}

/** A GetTask / CancelTask answer: a task itself (v1.0 returns the Task, not a wrapper). */
export function readTaskResult(
  version: A2aVersion,
  result: unknown,
): Read<A2aItem & { type: 'task' }> {
  const read = version === '0.3' ? readResult(version, result, false) : readTask(version, result);
  if (!read.ok) return read;
  if (read.value.type !== 'task') return bad(`the answer is a ${read.value.type}, not a task`);
  return ok(read.value);
}

/** The user message the gate sends, in the dialect's shape. */
export function userMessage(version: A2aVersion, text: string, messageId: string): unknown {
  return version === '1.0'
    ? { messageId, role: 'ROLE_USER', parts: [{ text }] }
    : { kind: 'message', messageId, role: 'user', parts: [{ kind: 'text', text }] };
}

export function wireType(item: A2aItem): string {
  switch (item.type) {
    case 'task':
      return `task:${item.state}`;
    case 'message':
      return 'message';
    case 'status':
      return `status-update:${item.state}`;
    case 'artifact':
      return `artifact-update${item.append ? ':append' : ''}${item.lastChunk ? ':last' : ''}`;
  }
}
