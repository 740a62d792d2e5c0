/** The HTTP endpoints of PROTOCOL.md §2, each a small handler over the shared context. */
import { AGENTS, findAgent, MCP_SERVERS, mcpConfig } from './agents.js';
import type { SimContext } from './context.js';
import { errorBody } from './frames.js';
import { asRecord } from './untrusted.js';

export interface Call {
  ctx: SimContext;
  /** path parameters, in order */
  params: string[];
  /** the verified caller; '' on routes without auth */
  userId: string;
  /** the parsed JSON body of a POST; undefined otherwise */
  body: unknown;
  reply(status: number, body: unknown, headers?: Record<string, string>): void;
}

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  auth: boolean;
  handle(call: Call): void;
}

const SEGMENT = '([^/]+)';

export const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/health$/, auth: false, handle: health },
  {
    method: 'GET',
    pattern: /^\/api\/health$/,
    auth: false,
    handle: (call) => call.reply(200, { status: 'healthy' }),
  },
  { method: 'GET', pattern: /^\/api\/discovery\/services$/, auth: false, handle: discovery },
  {
    method: 'GET',
    pattern: /^\/api\/mcp\/config$/,
    auth: false,
    handle: (call) => call.reply(200, mcpConfig()),
  },
  {
    method: 'GET',
    pattern: /^\/api\/mcp\/servers$/,
    auth: false,
    handle: (call) => call.reply(200, { data: [...MCP_SERVERS, ...(call.ctx.listedMcp ?? [])] }),
  },
  {
    method: 'GET',
    pattern: /^\/api\/agents$/,
    auth: true,
    handle: (call) =>
      call.reply(200, {
        agents: AGENTS.map((a) => ({
          name: a.name,
          status: 'available',
          description: a.description,
        })),
      }),
  },
  { method: 'POST', pattern: /^\/api\/agents\/execute$/, auth: true, handle: execute },
  { method: 'POST', pattern: /^\/api\/threads$/, auth: true, handle: createThread },
  { method: 'GET', pattern: /^\/api\/threads$/, auth: true, handle: listThreads },
  {
    method: 'GET',
    pattern: new RegExp(`^/api/threads/${SEGMENT}$`),
    auth: true,
    handle: getThread,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/api/threads/${SEGMENT}/messages$`),
    auth: true,
    handle: threadMessages,
  },
];

function health({ ctx, reply }: Call): void {
  const state = ctx.readiness.state();
  if (!state.ready) {
    return reply(503, {
      status: 'unhealthy',
      message: 'Startup in progress',
      startup_in_progress: true,
      details: { phase: state.phase, progress: state.progress },
    });
  }
  const version = ctx.faults.names.has('stale-version')
    ? `${ctx.options.version}-previous`
    : ctx.options.version;
  reply(200, { status: 'healthy', service: 'staging-gate-sim', version });
}

function discovery({ ctx, reply }: Call): void {
  reply(200, {
    services: {
      backend: { url: ctx.urls.baseUrl, status: 'healthy' },
      websocket: { url: ctx.urls.wsUrl, status: 'healthy' },
      agents: { count: AGENTS.length, status: 'healthy' },
      mcp: { servers: MCP_SERVERS.length, status: 'healthy' },
    },
  });
}

function execute({ ctx, body, userId, reply }: Call): void {
  const input = asRecord(body);
  const agent = input.agent ?? input.agent_name;
  const message = input.message ?? input.user_request;
  const threadId = input.thread_id;
  if (agent !== undefined && typeof agent !== 'string') {
    return reply(422, errorBody('VALIDATION_ERROR', '"agent" must be a string'));
  }
  if (typeof message !== 'string' || message === '') {
    return reply(422, errorBody('VALIDATION_ERROR', '"message" must be a non-empty string'));
  }
  if (threadId !== undefined && typeof threadId !== 'string') {
    return reply(422, errorBody('VALIDATION_ERROR', '"thread_id" must be a string'));
  }
  if (!findAgent(agent)) {
    return reply(404, errorBody('AGENT_NOT_FOUND', `Unknown agent '${agent}'`));
  }
  const result = ctx.runs.start({ userId, agentName: agent, content: message, threadId });
  if (!result.ok) {
    return reply(
      result.code === 'TOO_MANY_RUNS' ? 429 : 404,
      errorBody(result.code, result.message),
      {
        ...(result.code === 'TOO_MANY_RUNS' ? { 'Retry-After': '1' } : {}),
      },
    );
  }
  const accepted = ctx.options.variant.execute202;
  reply(accepted ? 202 : 200, { run_id: result.runId, status: accepted ? 'accepted' : 'started' });
}

function createThread({ ctx, body, userId, reply }: Call): void {
  const title = asRecord(body).title ?? 'Untitled thread';
  if (typeof title !== 'string' || title.length > 500) {
    return reply(
      422,
      errorBody('VALIDATION_ERROR', '"title" must be a string of at most 500 characters'),
    );
  }
  const { id, created_at } = ctx.store.createThread(userId, title);
  reply(201, { id, title, created_at });
}

function listThreads({ ctx, userId, reply }: Call): void {
  const leak = ctx.faults.names.has('cross-user-leak');
  reply(200, { threads: ctx.store.listThreads(leak ? null : userId) });
}

function getThread(call: Call): void {
  const thread = visibleThread(call);
  if (thread) call.reply(200, thread);
}

function threadMessages(call: Call): void {
  const thread = visibleThread(call);
  if (thread) call.reply(200, { messages: call.ctx.store.messages(thread.id) });
}

/** The caller's thread, or a 404 already answered: another user's thread does not exist for you. */
function visibleThread({ ctx, params, userId, reply }: Call) {
  const thread = ctx.store.getThread(safeDecode(params[0]));
  if (!thread || (thread.user_id !== userId && !ctx.faults.names.has('cross-user-leak'))) {
    reply(404, errorBody('THREAD_NOT_FOUND', 'Thread not found'));
    return undefined;
  }
  return thread;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
