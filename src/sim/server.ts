/**
 * Starts the reference agent service: one node:http server with a `ws` WebSocketServer on
 * its upgrade event, all state in memory, every socket and timer released by `close()`.
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { createVerifier } from './auth.js';
import { ConnectionRegistry } from './connections.js';
import type { SimContext } from './context.js';
import { parseFaults } from './faults.js';
import { heartbeatFrame } from './frames.js';
import { createRequestHandler } from './http-server.js';
import { resolveOptions, type SimInit, type SimOptions } from './options.js';
import { DEFAULT_FAULT_STARTUP_MS, Readiness } from './readiness.js';
import { RunEngine } from './run.js';
import { StatsCounter, type SimStats } from './stats.js';
import { ThreadStore } from './store.js';
import { startMcpSim } from './mcp/server.js';
import { TimerBag } from './timers.js';
import { createUpgradeHandler, selectProtocol } from './ws-upgrade.js';

export interface SimHandle {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** `ws://127.0.0.1:<port>/ws` */
  wsUrl: string;
  port: number;
  /** the resolved options, faults included (the secret too: never print it) */
  options: SimOptions;
  close(): Promise<void>;
  stats(): SimStats;
}

/** Throws SimUsageError for a bad fault spec, before anything listens. */
export async function startSim(init: SimInit = {}): Promise<SimHandle> {
  const options = resolveOptions(init);
  const faults = parseFaults(options.faults);
  const stats = new StatsCounter();
  const timers = new TimerBag(() => {
    stats.handlerErrors += 1;
  });
  const startupMs =
    faults.names.has('startup-503') && options.startupMs <= 0
      ? DEFAULT_FAULT_STARTUP_MS
      : options.startupMs;
  const base: Omit<SimContext, 'runs'> = {
    options,
    faults,
    stats,
    timers,
    store: new ThreadStore(options.limits, options.now),
    verify: createVerifier(options, faults),
    readiness: new Readiness(startupMs, options.now),
    connections: new ConnectionRegistry(),
    urls: { baseUrl: '', wsUrl: '' },
    listedMcp: [],
  };
  // a shallow copy: both hold the same store, registry and urls objects
  const ctx: SimContext = { ...base, runs: new RunEngine(base) };

  const server = createServer(createRequestHandler(ctx));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes,
    handleProtocols: selectProtocol(ctx),
    perMessageDeflate: false,
  });
  server.on('upgrade', createUpgradeHandler(ctx, wss));
  // a malformed request line or a reset socket must not take the service down
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await listen(server, options.port, options.host);
  // accept errors (EMFILE and the like) after listen are survivable, not fatal
  server.on('error', () => {
    stats.handlerErrors += 1;
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  base.urls.baseUrl = `http://${host}:${port}`;
  base.urls.wsUrl = `ws://${host}:${port}${options.wsPath}`;
  const stopHeartbeat =
    options.heartbeatMs > 0
      ? timers.every(options.heartbeatMs, () => {
          for (const conn of ctx.connections.all()) conn.send(heartbeatFrame(options.now()));
        })
      : () => {};

  const mcpSim = options.mcpSim
    ? await startMcpSim({ ...options.mcpSim, jwtSecret: options.jwtSecret })
    : undefined;
  // the same array as ctx's (a shallow copy of base)
  if (mcpSim)
    base.listedMcp?.push({
      name: 'remote-tools',
      status: 'connected',
      transport: 'streamable-http',
      url: mcpSim.agentUrl,
    });

  let closing: Promise<void> | undefined;
  return {
    baseUrl: base.urls.baseUrl,
    wsUrl: base.urls.wsUrl,
    port,
    options,
    stats: () => stats.snapshot(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        stopHeartbeat();
        timers.clearAll();
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }).then(() => mcpSim?.close());
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
