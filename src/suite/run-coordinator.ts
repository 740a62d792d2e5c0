/**
 * Keeps concurrent tests from reading each other's runs. The service sends a user's run
 * events to every connection of that user, and the protocol has no request id, so two
 * runs of one user started at the same moment cannot be told apart on the wire. Runs of
 * one user therefore start one at a time (until the run is bound to its id), and a bound
 * id is claimed so that no other collector binds it.
 */
import { onAbort } from '../client/abort-hub.js';

export class RunCoordinator {
  private readonly claimed = new Set<string>();
  private readonly tails = new Map<string, Promise<void>>();

  isClaimed(runId: string): boolean {
    return this.claimed.has(runId);
  }

  claim(runId: string): void {
    this.claimed.add(runId);
  }

  /** Waits for the user's turn; the returned function ends it (idempotent). */
  async turn(userId: string, signal?: AbortSignal): Promise<() => void> {
    const previous = this.tails.get(userId);
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => mine) : mine;
    this.tails.set(userId, tail);
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      release();
      if (this.tails.get(userId) === tail) this.tails.delete(userId);
    };
    if (!previous) {
      // The turn is free (a load test's users each have their own): no wait, so no abort
      // listener on a signal that a thousand sessions share.
      if (signal?.aborted) {
        end();
        throw signal.reason ?? new Error('aborted');
      }
      return end;
    }
    await abortable(previous, signal).catch((err: unknown) => {
      end();
      throw err;
    });
    return end;
  }
}

function abortable(p: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
  return new Promise<void>((resolve, reject) => {
    const stopListening = onAbort(signal, () => reject(signal.reason ?? new Error('aborted')));
    void p.then(() => {
      stopListening();
      resolve();
    });
  });
}
