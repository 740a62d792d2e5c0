/**
 * An A2A agent nobody here wrote the server of: the official `@a2a-js/sdk` server
 * (DefaultRequestHandler, InMemoryTaskStore, its express JSON-RPC and agent-card handlers),
 * with an executor that streams an answer in chunks and honours cancel, as its
 * cancellable-agent sample does. Loopback only; tests only (the SDK is a devDependency).
 *
 * `auth: 'jwt'` puts what the SDK leaves to the application in front of it: a bearer
 * middleware verifying the token with jose (401 otherwise) and a UserBuilder naming the
 * user by `sub`, so that InMemoryTaskStore scopes tasks per user. `auth: 'sdk-default'`
 * is the SDK's samples as they stand (`UserBuilder.noAuthentication`): every caller is the
 * same unauthenticated user, so every task is in one shared scope.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { jwtVerify } from 'jose';
import { TaskState, type AgentCard, type Part } from '@a2a-js/sdk';
import {
  AgentEvent,
  DefaultRequestHandler,
  InMemoryTaskStore,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
} from '@a2a-js/sdk/server';
import { UserBuilder, agentCardHandler, jsonRpcHandler } from '@a2a-js/sdk/server/express';

export interface SdkAgentOptions {
  auth: 'jwt' | 'sdk-default';
  jwtSecret: string;
  version?: string;
  /** ms between two chunks of the answer */
  chunkMs?: number;
}

export interface SdkAgentHandle {
  baseUrl: string;
  agentUrl: string;
  close(): Promise<void>;
}

const textPart = (value: string): Part => ({
  content: { $case: 'text', value },
  metadata: undefined,
  filename: '',
  mediaType: 'text/plain',
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

class ChunkedAnswerExecutor implements AgentExecutor {
  private readonly canceled = new Set<string>();
  constructor(private readonly chunkMs: number) {}

  async execute(ctx: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const { taskId, contextId } = ctx;
    const status = (state: TaskState) => ({
      state,
      message: undefined,
      timestamp: new Date().toISOString(),
    });
    bus.publish(
      AgentEvent.task({
        id: taskId,
        contextId,
        status: status(TaskState.TASK_STATE_SUBMITTED),
        artifacts: [],
        history: [ctx.userMessage],
        metadata: undefined,
      }),
    );
    const update = (state: TaskState) =>
      bus.publish(
        AgentEvent.statusUpdate({ taskId, contextId, status: status(state), metadata: undefined }),
      );
    update(TaskState.TASK_STATE_WORKING);
    const words = 'An agent built on the official A2A SDK answers in chunks.'.split(/(?<= )/);
    const artifactId = `${taskId}-answer`;
    for (const [i, word] of words.entries()) {
      await sleep(this.chunkMs);
      if (this.canceled.has(taskId)) return this.finishCanceled(taskId, contextId, bus);
      bus.publish(
        AgentEvent.artifactUpdate({
          taskId,
          contextId,
          artifact: {
            artifactId,
            name: 'answer',
            description: '',
            parts: [textPart(word)],
            metadata: undefined,
            extensions: [],
          },
          append: i > 0,
          lastChunk: i === words.length - 1,
          metadata: undefined,
        }),
      );
    }
    await sleep(this.chunkMs);
    if (this.canceled.has(taskId)) return this.finishCanceled(taskId, contextId, bus);
    update(TaskState.TASK_STATE_COMPLETED);
    bus.finished();
  }

  private finishCanceled(taskId: string, contextId: string, bus: ExecutionEventBus): void {
    this.canceled.delete(taskId);
    bus.publish(
      AgentEvent.statusUpdate({
        taskId,
        contextId,
        status: {
          state: TaskState.TASK_STATE_CANCELED,
          message: undefined,
          timestamp: new Date().toISOString(),
        },
        metadata: undefined,
      }),
    );
    bus.finished();
  }

  cancelTask(taskId: string): Promise<void> {
    this.canceled.add(taskId);
    return Promise.resolve();
  }
}

export async function startSdkAgent(options: SdkAgentOptions): Promise<SdkAgentHandle> {
  const app = express();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const agentUrl = `${baseUrl}/a2a/jsonrpc`;
  const card: AgentCard = {
    name: 'SDK-built agent',
    description: 'An A2A agent on @a2a-js/sdk, gated by staging-gate in its own tests.',
    supportedInterfaces: [
      { url: agentUrl, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '1.0' },
    ],
    provider: undefined,
    version: options.version ?? 'sdk-agent-1',
    capabilities: {
      streaming: true,
      pushNotifications: false,
      extensions: [],
      extendedAgentCard: false,
    },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [
      {
        id: 'answer',
        name: 'Answer',
        description: 'Answers in chunks.',
        tags: ['chat'],
        examples: [],
        inputModes: [],
        outputModes: [],
        securityRequirements: [],
      },
    ],
    signatures: [],
  } as unknown as AgentCard;
  const handler = new DefaultRequestHandler(
    card,
    new InMemoryTaskStore(),
    new ChunkedAnswerExecutor(options.chunkMs ?? 15),
  );
  const secret = new TextEncoder().encode(options.jwtSecret);

  app.use('/.well-known/agent-card.json', agentCardHandler({ agentCardProvider: handler }));
  if (options.auth === 'jwt') {
    app.use('/a2a/jsonrpc', (req, res, next) => {
      const header = req.header('authorization');
      const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
      if (!token)
        return void res
          .status(401)
          .set('www-authenticate', 'Bearer')
          .json({ error: 'token required' });
      jwtVerify(token, secret, { issuer: 'staging-gate', algorithms: ['HS256'] }).then(
        ({ payload }) => {
          res.locals.sub = String(payload.sub);
          next();
        },
        () =>
          void res.status(401).set('www-authenticate', 'Bearer').json({ error: 'invalid token' }),
      );
    });
  }
  app.use(
    '/a2a/jsonrpc',
    jsonRpcHandler({
      requestHandler: handler,
      userBuilder:
        options.auth === 'jwt'
          ? (req) => {
              const sub = String((req.res?.locals as { sub?: string } | undefined)?.sub ?? '');
              return Promise.resolve({ isAuthenticated: true, userName: sub });
            }
          : UserBuilder.noAuthentication,
    }),
  );
  return {
    baseUrl,
    agentUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
