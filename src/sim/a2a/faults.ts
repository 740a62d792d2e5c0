/**
 * The faults the reference A2A agent can inject, by name: each is one way a deployed A2A
 * agent breaks, with the symptom a calling agent sees. The catalog feeds `--help` and the
 * README.
 */
import { SimUsageError } from '../usage-error.js';

export interface A2aFaultInfo {
  name: string;
  /** what follows `name:`; absent = takes no argument */
  arg?: string;
  description: string;
  symptom: string;
}

export const A2A_FAULTS: readonly A2aFaultInfo[] = [
  {
    name: 'never-terminal',
    description: 'the task is stuck in WORKING: the stream closes without a terminal state',
    symptom:
      'status WORKING and artifact chunks, then the stream ends; GetTask says WORKING forever',
  },
  {
    name: 'failed-task',
    description: 'every task ends FAILED (the agent behind the A2A front throws)',
    symptom: 'status-update TASK_STATE_FAILED with an error message; no artifact',
  },
  {
    name: 'events-after-terminal',
    description: 'the server keeps writing to the stream after the terminal state',
    symptom: 'an artifact chunk and a WORKING update after COMPLETED',
  },
  {
    name: 'tasks-visible-to-others',
    description: 'the task store is not scoped per user',
    symptom: "GetTask, CancelTask and SubscribeToTask of another user's task id answer the task",
  },
  {
    name: 'auth-not-enforced',
    description: 'tokens are not verified; even a missing token is accepted',
    symptom: 'missing, wrongly signed and expired tokens get 200 and a stream',
  },
  {
    name: 'jwt-mismatch',
    description: 'the agent verifies tokens with a secret nobody signs with',
    symptom: 'valid tokens refused with HTTP 401',
  },
  {
    name: 'card-missing',
    description: 'the agent card is not served (a route lost in a deploy)',
    symptom: 'GET /.well-known/agent-card.json → 404',
  },
  {
    name: 'card-invalid',
    description: 'the agent card lacks required fields',
    symptom: 'the card has no supportedInterfaces (v0.3: no url), no skills, no defaultOutputModes',
  },
  {
    name: 'stale-card-version',
    description: 'the card still describes the previous build',
    symptom: 'the card\'s "version" is the old build, never the expected one',
  },
  {
    name: 'cancel-ignored',
    description: 'CancelTask is acknowledged but the task runs on',
    symptom: 'CancelTask answers the task as CANCELED, then the stream goes on to COMPLETED',
  },
  {
    name: 'gettask-stale',
    description: 'GetTask reads a replica that lags behind the stream',
    symptom: 'GetTask answers WORKING without artifacts after the stream said COMPLETED',
  },
  {
    name: 'slow-start',
    arg: 'ms',
    description: 'every task waits this long before its first event',
    symptom: 'the first SSE event (and a SendMessage answer) comes only after <ms>',
  },
  {
    name: 'http-500',
    description: 'request errors escape the JSON-RPC layer as server errors',
    symptom: 'unknown task, unknown method, bad params and an unsupported version answer HTTP 500',
  },
  {
    name: 'made-up-task',
    description: 'an unknown task id is answered with a task made up on the spot',
    symptom: 'GetTask of a random id answers a COMPLETED task instead of -32001',
  },
  {
    name: 'buffered',
    description: 'a proxy buffers the stream: every event arrives at once at its end',
    symptom: 'all SSE events of a task in one burst after the terminal state',
  },
  {
    name: 'bad-artifact-chunks',
    description: 'artifact chunks do not honour append / lastChunk',
    symptom: 'the first chunk says append: true, and a chunk follows lastChunk',
  },
];

export interface A2aActiveFaults {
  names: ReadonlySet<string>;
  slowStartMs: number;
}

/** `name` or `name:arg`; an unknown name or a bad argument is one error naming it. */
export function parseA2aFaults(specs: readonly string[]): A2aActiveFaults {
  const names = new Set<string>();
  let slowStartMs = 0;
  for (const spec of specs) {
    const [name, arg] = spec.split(':', 2) as [string, string | undefined];
    const info = A2A_FAULTS.find((f) => f.name === name);
    if (!info) {
      throw new SimUsageError(
        `fault '${spec}': unknown A2A fault (known: ${A2A_FAULTS.map((f) => f.name).join(', ')})`,
      );
    }
    if (info.arg && arg === undefined)
      throw new SimUsageError(`fault '${spec}': expected ${name}:<${info.arg}>`);
    if (!info.arg && arg !== undefined)
      throw new SimUsageError(`fault '${spec}': ${name} takes no argument`);
    if (name === 'slow-start') {
      const ms = Number(arg);
      if (!Number.isInteger(ms) || ms < 0 || ms > 600_000)
        throw new SimUsageError(`fault '${spec}': expected milliseconds from 0 to 600000`);
      slowStartMs = ms;
    }
    names.add(name);
  }
  return { names, slowStartMs };
}
