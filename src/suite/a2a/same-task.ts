/**
 * GetTask must agree with what the agent said before: the same task, the same state, the
 * same artifacts. A replica that lags, a cache, a store that never saw the last update:
 * the calling agent acts on what GetTask says.
 */
import type { TaskState } from '../../agent/a2a/wire.js';
import { GateError } from '../../model.js';
import type { TaskItem } from './expect.js';

export function sameTask(
  got: TaskItem,
  want: { taskId: string; state?: TaskState; artifacts: Map<string, string> },
  source: string,
): void {
  const what = `GetTask ${want.taskId}`;
  if (got.taskId !== want.taskId) {
    throw new GateError(`${what} answered task ${got.taskId}`, {}, 'protocol_violation');
  }
  if (want.state !== undefined && got.state !== want.state) {
    throw new GateError(
      `${what} says ${got.state.toUpperCase()}, the ${source} said ${want.state.toUpperCase()}: GetTask is out of date`,
      {},
      'protocol_violation',
    );
  }
  for (const [id, text] of want.artifacts) {
    const stored = got.artifacts.get(id);
    if (stored === undefined) {
      throw new GateError(
        `${what} has no artifact ${id}, which the ${source} sent`,
        {},
        'protocol_violation',
      );
    }
    if (stored !== text) {
      throw new GateError(
        `${what}: artifact ${id} reads ${JSON.stringify(stored.slice(0, 80))}, the ${source} sent ${JSON.stringify(text.slice(0, 80))}`,
        {},
        'protocol_violation',
      );
    }
  }
}
