/**
 * Agents are discoverable and runnable by name, over the WebSocket and the execute
 * endpoint, and an unknown agent is an answered error, not a crash (PROTOCOL.md §2, §3.1).
 */
import { setTimeout as pause } from 'node:timers/promises';
import { executeRunId } from '../../client/frames.js';
import { lenientJson, type HttpResponse } from '../../client/http.js';
import type { TestContext } from '../context.js';
import { defineModule } from '../define.js';
import { agentsShape } from '../documented-shapes.js';
import { isJsonError, nonEmptyString, object } from '../shapes.js';
import { bodyExcerpt, statusCategory } from '../checks.js';
import type { TestUser } from '../users.js';

/** The agent the configuration names, else the first available one the service lists. */
async function pickAgent(ctx: TestContext, user: TestUser): Promise<string> {
  const { http, protocol, check } = ctx;
  const res = await http.get(protocol.paths.agents, { token: user.token });
  check.expectStatus(res, 200, 'agent discovery');
  check.expectBody(res, agentsShape, 'agents body');
  const agents = (res.body as { agents: Array<{ name: string; status: string }> }).agents;
  if (protocol.agentName) {
    if (!agents.some((a) => a.name === protocol.agentName)) {
      check.fail(
        'assertion',
        `the configured agent ${protocol.agentName} is not listed by ${protocol.paths.agents} (${agents.map((a) => a.name).join(', ')})`,
      );
    }
    return protocol.agentName;
  }
  return (agents.find((a) => a.status === 'available') ?? agents[0]).name;
}

function expectRunId(ctx: TestContext, res: HttpResponse): string {
  ctx.check.expectBody(res, object({ run_id: nonEmptyString }), 'execute body');
  return executeRunId(res.body) ?? '';
}

/**
 * How long the turn is kept when a run was started but its id cannot be read: long enough
 * for its start to reach this user's sockets before another test of the user sends a
 * request (a collector binds only a start that comes after its own request).
 */
export const UNCLAIMED_RUN_SETTLE_MS = 1_000;

/** The run id of an execute answer, read leniently: even a mislabelled one must be claimed. */
function runIdOf(res: HttpResponse): string | undefined {
  return executeRunId(lenientJson(res));
}

export const agentPipelineModule = defineModule('agent-pipeline', 'Agent pipeline', {
  'agent-discovery': {
    title: 'GET /api/agents lists at least one available agent',
    requires: ['auth'],
    async run(ctx) {
      await pickAgent(ctx, await ctx.users.get(1));
    },
  },
  'named-agent-run': {
    title: 'start_agent naming a discovered agent runs that agent to completion',
    requires: ['auth'],
    weight: 2,
    async run(ctx) {
      const user = await ctx.users.get(1);
      const agent = await pickAgent(ctx, user);
      const session = await ctx.connect(user);
      const run = await session.startAgent(ctx.unique('named agent check'), { agent });
      ctx.check.expectRun(run, `run of agent ${agent}`);
      const other = run.events.find(
        (e) => typeof e.frame.agent_name === 'string' && e.frame.agent_name !== agent,
      );
      if (other) {
        ctx.check.fail(
          'assertion',
          `asked for agent ${agent}, but ${other.type} came from ${String(other.frame.agent_name)}`,
        );
      }
    },
  },
  'unknown-agent-error': {
    title: 'start_agent naming an unknown agent gets an error, and the socket stays open',
    requires: ['auth'],
    async run({ connect, users, protocol, check, unique }) {
      const session = await connect(await users.get(1));
      const run = await session.startAgent(unique('unknown agent check'), {
        agent: protocol.unknownAgentName,
      });
      if (run.outcome === 'completed') {
        check.fail(
          'assertion',
          `agent ${protocol.unknownAgentName} does not exist, yet run ${run.runId} completed`,
        );
      }
      await session.ping();
    },
  },
  'execute-endpoint': {
    title: 'POST /api/agents/execute starts a run (200 or 202 with a run id)',
    requires: ['auth'],
    async run(ctx) {
      const user = await ctx.users.get(1);
      // The run's events reach this user's sockets: claim it, so no other test binds it.
      const endTurn = await ctx.runs.turn(user.id, ctx.signal);
      try {
        const res = await ctx.http.post(
          ctx.protocol.paths.execute,
          { agent: ctx.protocol.agentName || undefined, message: ctx.unique('execute check') },
          { token: user.token },
        );
        // claimed before the answer is judged: an unclaimed run would be bound by the next
        // test of this user that starts one, and fail it for this test's fault
        const runId = runIdOf(res);
        if (runId !== undefined) ctx.runs.claim(runId);
        else if (res.status >= 200 && res.status < 300) {
          await pause(UNCLAIMED_RUN_SETTLE_MS, undefined, { signal: ctx.signal }).catch(
            () => undefined,
          );
        }
        ctx.check.expectStatus(res, [200, 202], 'execute');
        expectRunId(ctx, res);
      } finally {
        endTurn();
      }
    },
  },
  'execute-unknown-agent': {
    title: 'POST /api/agents/execute with an unknown agent answers 404 or 422 with a JSON error',
    requires: ['auth'],
    async run({ http, protocol, users, check, unique }) {
      const user = await users.get(1);
      const res = await http.post(
        protocol.paths.execute,
        { agent: protocol.unknownAgentName, message: unique('unknown agent') },
        { token: user.token },
      );
      const said = `${res.method} ${res.path} with agent ${protocol.unknownAgentName} → ${res.status}: ${bodyExcerpt(res)}`;
      const facts = { kind: 'status' as const, stage: 'response', httpStatus: res.status };
      if (res.status === 404 || res.status === 422) {
        // a 404 without the JSON error is the route missing, not the agent
        if (isJsonError(res.body)) return;
        if (isJsonError(lenientJson(res))) {
          check.fail(
            'protocol_violation',
            `${said}; the JSON error came as ${res.headers['content-type'] ?? 'no content type'}, not as JSON`,
            facts,
          );
        }
        check.fail(
          res.status === 404 ? 'not_found' : 'protocol_violation',
          `${said}; no JSON error body, so the route itself looks missing`,
          facts,
        );
      }
      if (res.status >= 200 && res.status < 300)
        check.fail('assertion', `${said}; an unknown agent was accepted`, facts);
      check.fail(
        statusCategory(res.status),
        `${said} (expected 404 or 422 with a JSON error)`,
        facts,
      );
    },
  },
});
