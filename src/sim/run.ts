/**
 * Plays agent runs back: one event per spacing, to the connections of the run's user only
 * (or to everyone under `cross-user-leak`), storing the thread's messages as it goes.
 */
import { randomUUID } from 'node:crypto';
import { findAgent } from './agents.js';
import type { SimContext } from './context.js';
import { heartbeatFrame, type Frame } from './frames.js';
import { EVENT, planRun, scriptRun, type PlanStep, type ScriptedEvent } from './run-script.js';
import type { Cancel } from './timers.js';
import type { SimConnection } from './ws-connection.js';

export interface RunRequest {
  userId: string;
  /** empty or missing = the default agent */
  agentName?: string;
  content: string;
  threadId?: string;
  /** a run started over a WebSocket dies with that socket; an HTTP-started one does not */
  origin?: SimConnection;
}

export type RunRefusal = 'AGENT_NOT_FOUND' | 'THREAD_NOT_FOUND' | 'TOO_MANY_RUNS';

export type StartResult =
  { ok: true; runId: string } | { ok: false; code: RunRefusal; message: string; runId: string };

interface RunState {
  runId: string;
  userId: string;
  agentName: string;
  threadId: string | null;
}

const JUNK_TEXT = '<<garbage>> {"type": agent_thinking, not json';
const OVERSIZED_BYTES = 20 * 1024 * 1024;
let oversizedPayload: Buffer | undefined;

export class RunEngine {
  private readonly activeByUser = new Map<string, number>();

  constructor(private readonly ctx: Omit<SimContext, 'runs'>) {}

  start(request: RunRequest): StartResult {
    const { ctx } = this;
    const runId = `run_${randomUUID()}`;
    const agent = findAgent(request.agentName);
    if (!agent) {
      const message = `Unknown agent '${request.agentName ?? ''}'`;
      return { ok: false, code: 'AGENT_NOT_FOUND', message, runId };
    }
    const leak = ctx.faults.names.has('cross-user-leak');
    if (request.threadId !== undefined) {
      const thread = ctx.store.getThread(request.threadId);
      if (!thread || (thread.user_id !== request.userId && !leak)) {
        return { ok: false, code: 'THREAD_NOT_FOUND', message: 'Thread not found', runId };
      }
    }
    const active = this.activeByUser.get(request.userId) ?? 0;
    if (active >= ctx.options.limits.runsPerUser) {
      const message = `At most ${ctx.options.limits.runsPerUser} concurrent runs per user`;
      return { ok: false, code: 'TOO_MANY_RUNS', message, runId };
    }
    this.activeByUser.set(request.userId, active + 1);
    ctx.stats.runsStarted += 1;

    const run: RunState = {
      runId,
      userId: request.userId,
      agentName: agent.name,
      threadId: request.threadId ?? null,
    };
    if (run.threadId) this.persist(run.threadId, 'user', request.content);
    const plan = planRun(scriptRun(agent, request.content, ctx.options.random), ctx.faults, {
      heartbeatEverywhere: ctx.options.variant.heartbeatEverywhere,
    });
    this.play(run, plan, request.origin);
    return { ok: true, runId };
  }

  /** The event frame of PROTOCOL.md §3.3. */
  eventFrame(
    run: Pick<RunState, 'runId' | 'agentName' | 'threadId' | 'userId'>,
    event: ScriptedEvent,
  ): Frame {
    return {
      type: event.type,
      run_id: run.runId,
      agent_name: run.agentName,
      thread_id: run.threadId,
      user_id: run.userId,
      timestamp: new Date(this.ctx.options.now()).toISOString(),
      data: event.data,
    };
  }

  private play(run: RunState, plan: PlanStep[], origin: SimConnection | undefined): void {
    let index = 0;
    let done = false;
    let cancelTimer: Cancel = () => {};
    const finish = (completed: boolean) => {
      if (done) return;
      done = true;
      unregister();
      cancelTimer();
      const left = (this.activeByUser.get(run.userId) ?? 1) - 1;
      if (left > 0) this.activeByUser.set(run.userId, left);
      else this.activeByUser.delete(run.userId);
      if (completed) this.ctx.stats.runsCompleted += 1;
    };
    const unregister = origin ? origin.onClose(() => finish(false)) : () => {};
    const step = () => {
      if (index >= plan.length) return finish(true);
      // steps without a gap go out in the same tick as the one before them
      do {
        const current = plan[index];
        index += 1;
        if (this.perform(run, current)) return finish(false);
      } while (index < plan.length && !plan[index].gap);
      if (index >= plan.length) return finish(true);
      cancelTimer = this.ctx.timers.after(this.ctx.options.eventSpacingMs, step);
    };
    // agent_started leaves on the next tick, not synchronously inside the request handler
    // (or later, under slow-agent-start)
    cancelTimer = this.ctx.timers.after(this.ctx.faults.slowAgentStartMs, step);
  }

  /** Sends one step; true when the step ended the run (a crash fault). */
  private perform(run: RunState, step: PlanStep): boolean {
    const recipients = this.ctx.faults.names.has('cross-user-leak')
      ? this.ctx.connections.all()
      : this.ctx.connections.forUser(run.userId);
    switch (step.kind) {
      case 'event': {
        const frame = this.eventFrame(run, step.event);
        for (const conn of recipients) conn.send(frame);
        if (step.event.type === EVENT.completed && run.threadId) {
          this.persist(run.threadId, 'assistant', String(step.event.data.result ?? ''));
        }
        return false;
      }
      case 'heartbeat':
        for (const conn of recipients) conn.send(heartbeatFrame(this.ctx.options.now()));
        return false;
      case 'garbage':
        for (const conn of recipients) {
          conn.sendRaw(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0x13, 0x37]), true);
          conn.sendRaw(JUNK_TEXT, false);
        }
        return false;
      case 'oversized':
        oversizedPayload ??= Buffer.alloc(OVERSIZED_BYTES, 'x');
        for (const conn of recipients) conn.sendRaw(oversizedPayload, false);
        return false;
      case 'crash':
        for (const conn of recipients) {
          if (step.how === 'close-1011') conn.closeWith(1011, 'Internal error');
          else if (step.how === 'destroy') conn.destroy();
          else conn.reset();
        }
        return true;
    }
  }

  private persist(threadId: string, role: 'user' | 'assistant', content: string): void {
    if (this.ctx.faults.names.has('drop-persistence')) return;
    this.ctx.store.addMessage(threadId, role, content);
  }
}
