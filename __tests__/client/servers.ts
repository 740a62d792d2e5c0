/** Tiny loopback servers with scripted behaviour, for the client's tests. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { expect } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { GateError } from '../../src/model.js';

export interface Loopback {
  url: string;
  wsUrl: string;
  server: Server;
  close(): Promise<void>;
}

export async function httpServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  onUpgrade?: (req: IncomingMessage, socket: Socket, head: Buffer) => void,
): Promise<Loopback> {
  const server = createServer(handle);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  if (onUpgrade)
    server.on('upgrade', (req, socket, head) => onUpgrade(req, socket as Socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A WebSocket server whose `onConnection` scripts what each connection does. */
export async function wsServer(
  onConnection: (ws: WebSocket, req: IncomingMessage) => void,
  opts: { handleProtocols?: (protocols: Set<string>) => string | false } = {},
): Promise<Loopback & { wss: WebSocketServer }> {
  const wss = new WebSocketServer({
    noServer: true,
    ...(opts.handleProtocols ? { handleProtocols: opts.handleProtocols } : {}),
  });
  wss.on('connection', onConnection);
  const lb = await httpServer(
    (_req, res) => res.writeHead(404).end(),
    (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)),
  );
  return {
    ...lb,
    wss,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await lb.close();
    },
  };
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const lb = await httpServer((_q, r) => r.end());
  const port = Number(new URL(lb.url).port);
  await lb.close();
  return port;
}

export function collectingEvidence(): { add(dir: string, text: string): void; lines: string[] } {
  const lines: string[] = [];
  return { lines, add: (dir, text) => lines.push(`${dir} ${text}`) };
}

/** The GateError a promise rejects with; fails the test when it resolves or throws another. */
export async function caught(p: Promise<unknown>): Promise<GateError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GateError);
  return err as GateError;
}
