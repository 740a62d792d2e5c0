/**
 * Does the WebSocket let a bad token in? Opens a session with whatever token it is given
 * and reports what the service did: refused the upgrade (HTTP status), closed the socket
 * (code), or accepted it (a welcome or an agent event came, or it stayed open and answered).
 * The verdict on the outcome belongs to the suite; transport failures still throw.
 */
import { GateError } from '../model.js';
import { isWelcome, runEventTypes, type Frame } from './frames.js';
import type { ReceivedFrame } from './frame-queue.js';
import { WsSession, type WsSessionOptions } from './ws-session.js';

export type UpgradeOutcome =
  | { kind: 'rejected'; httpStatus: number }
  | { kind: 'closed'; code: number; reason: string; afterWelcome: boolean }
  | { kind: 'accepted'; how: 'welcome' | 'agent_event' | 'pong' | 'open'; firstFrame?: Frame };

export interface ProbeOptions extends WsSessionOptions {
  /** how long an open socket is watched for a close before it counts as accepted */
  graceMs: number;
}

function closedOutcome(err: unknown, afterWelcome: boolean): UpgradeOutcome | undefined {
  if (err instanceof GateError && err.facts.closeCode !== undefined && err.facts.kind !== 'reset') {
    return {
      kind: 'closed',
      code: err.facts.closeCode,
      reason: err.facts.closeReason ?? '',
      afterWelcome,
    };
  }
  return undefined;
}

export async function probeUpgrade(opts: ProbeOptions): Promise<UpgradeOutcome> {
  let session: WsSession;
  try {
    session = await WsSession.connect(opts);
  } catch (err) {
    if (
      err instanceof GateError &&
      err.facts.kind === 'status' &&
      err.facts.httpStatus !== undefined
    ) {
      return { kind: 'rejected', httpStatus: err.facts.httpStatus };
    }
    const closed = closedOutcome(err, false);
    if (closed) return closed;
    throw err;
  }
  try {
    return await watch(session, opts);
  } finally {
    await session.close();
  }
}

async function watch(session: WsSession, opts: ProbeOptions): Promise<UpgradeOutcome> {
  const p = opts.protocol;
  const events = runEventTypes(p);
  const telling = (f: ReceivedFrame): boolean =>
    isWelcome(f, p) || (f.type !== undefined && events.has(f.type));
  const wait = async (
    accept: (f: ReceivedFrame) => boolean,
    what: string,
  ): Promise<ReceivedFrame | undefined> => {
    try {
      return await session.awaitFrame(accept, { timeoutMs: opts.graceMs, stage: 'welcome', what });
    } catch (err) {
      if (err instanceof GateError && err.facts.kind === 'timeout') return undefined;
      throw err;
    }
  };
  try {
    const first = await wait(telling, 'a welcome or an agent event');
    if (first && !isWelcome(first, p))
      return { kind: 'accepted', how: 'agent_event', firstFrame: first.msg };
    if (first) {
      // PROTOCOL.md §1: an accepted upgrade followed by 1008 before any agent event is a rejection.
      const event = await wait(
        (f) => f.type !== undefined && events.has(f.type),
        'an agent event or a close',
      );
      if (event) return { kind: 'accepted', how: 'agent_event', firstFrame: event.msg };
      return { kind: 'accepted', how: 'welcome', firstFrame: first.msg };
    }
    // No welcome: does it answer as if we were someone?
    const rtt = await pingQuietly(session, opts.graceMs);
    return rtt ? { kind: 'accepted', how: 'pong' } : { kind: 'accepted', how: 'open' };
  } catch (err) {
    const closed = closedOutcome(
      err,
      session.history().some((f) => isWelcome(f, p)),
    );
    if (closed) return closed;
    throw err;
  }
}

async function pingQuietly(session: WsSession, timeoutMs: number): Promise<boolean> {
  try {
    await session.ping(timeoutMs, 'welcome');
    return true;
  } catch (err) {
    if (err instanceof GateError && err.facts.kind === 'timeout') return false;
    throw err;
  }
}
