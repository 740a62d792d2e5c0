/**
 * A test's WebSocket session: the client session plus the suite's bookkeeping, so that a
 * body says `session.startAgent('…')` and gets a collected, bound run, with the protocol's
 * timing rules and the run coordination already applied.
 */
import {
  collectRun,
  sendUserMessage,
  startAgent,
  type AgentRun,
  type SentRun,
} from '../client/agent-run.js';
import type { FramePredicate, ReceivedFrame } from '../client/frame-queue.js';
import type { Frame } from '../client/frames.js';
import type { SentMark, WsSession } from '../client/ws-session.js';
import type { ProtocolConfig } from '../config/protocol.js';
import type { Stage } from '../model.js';
import type { RunCoordinator } from './run-coordinator.js';

export interface SessionDeps {
  protocol: ProtocolConfig;
  coordinator: RunCoordinator;
  signal: AbortSignal;
}

export class SuiteSession {
  constructor(
    readonly raw: WsSession,
    /** the user the service should see; undefined for an unauthenticated session */
    readonly userId: string | undefined,
    /** the welcome frame, when it was awaited */
    readonly welcome: ReceivedFrame | undefined,
    private readonly deps: SessionDeps,
  ) {}

  get isOpen(): boolean {
    return this.raw.isOpen;
  }

  /** One ping → pong round trip, ms. */
  ping(): Promise<number> {
    return this.raw.ping(this.deps.protocol.requestTimeoutMs);
  }

  startAgent(
    userRequest: string,
    opts: { agent?: string; threadId?: string } = {},
  ): Promise<AgentRun> {
    const agent = opts.agent ?? (this.deps.protocol.agentName || undefined);
    return this.run(() =>
      startAgent(this.raw, {
        userRequest,
        ...(agent ? { agent } : {}),
        ...(opts.threadId ? { threadId: opts.threadId } : {}),
      }),
    );
  }

  userMessage(content: string, opts: { threadId?: string } = {}): Promise<AgentRun> {
    return this.run(() =>
      sendUserMessage(this.raw, { content, ...(opts.threadId ? { threadId: opts.threadId } : {}) }),
    );
  }

  send(frame: Frame): SentMark {
    return this.raw.send(frame);
  }

  sendText(text: string): SentMark {
    return this.raw.sendText(text);
  }

  awaitFrame(
    accept: FramePredicate,
    opts: { what: string; after?: number; stage?: Stage; timeoutMs?: number; since?: number },
  ): Promise<ReceivedFrame> {
    return this.raw.awaitFrame(accept, {
      what: opts.what,
      stage: opts.stage ?? 'response',
      timeoutMs: opts.timeoutMs ?? this.deps.protocol.requestTimeoutMs,
      signal: this.deps.signal,
      ...(opts.after !== undefined ? { after: opts.after } : {}),
      ...(opts.since !== undefined ? { since: opts.since } : {}),
    });
  }

  close(): Promise<void> {
    return this.raw.close();
  }

  /** Sends once it is this user's turn, then collects the run it started. */
  private async run(send: () => SentRun): Promise<AgentRun> {
    const { coordinator, signal } = this.deps;
    const key = this.userId ?? '(anonymous)';
    const endTurn = await coordinator.turn(key, signal);
    try {
      const sent = send();
      return await collectRun(this.raw, sent, {
        signal,
        isClaimed: (id) => coordinator.isClaimed(id),
        onBound: (id) => {
          coordinator.claim(id);
          endTurn();
        },
        ...(this.userId !== undefined ? { userId: this.userId } : {}),
      });
    } finally {
      endTurn();
    }
  }
}
