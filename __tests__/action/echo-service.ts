/**
 * A hostile service for the secrets scan: healthy enough to be tested, and then it echoes
 * every credential it is sent straight back — the Authorization header, the request target
 * (with a `?token=`), the WebSocket subprotocol and every frame — in JSON bodies, error
 * frames and the welcome. Whatever the suite records of these answers must come out redacted.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface EchoService {
  baseUrl: string;
  close(): Promise<void>;
}

function seen(req: IncomingMessage): Record<string, unknown> {
  return {
    url: req.url,
    authorization: req.headers.authorization ?? null,
    protocol: req.headers['sec-websocket-protocol'] ?? null,
  };
}

export async function startEchoService(): Promise<EchoService> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/health') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status: 'healthy',
            service: 'echo',
            version: 'echo-1',
            seen: seen(req),
          }),
        );
        return;
      }
      // protected routes answer like a confused auth layer: the token back, in the error
      const auth = req.headers.authorization;
      const status = req.method === 'GET' && auth ? 200 : 401;
      res.writeHead(status, {
        'content-type': 'application/json',
        'www-authenticate': `Bearer error="invalid_token", error_description="${auth ?? 'none'}"`,
      });
      res.end(
        JSON.stringify({
          error: { code: 'ECHO', message: `rejected ${auth ?? 'no token'} at ${req.url}` },
          seen: seen(req),
          body,
        }),
      );
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const wss = new WebSocketServer({
    noServer: true,
    // accept (and so echo in the handshake) whatever subprotocol is offered
    handleProtocols: (protocols) => [...protocols][0] ?? false,
  });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => talk(ws, req));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function talk(ws: WebSocket, req: IncomingMessage): void {
  const echo = seen(req);
  ws.send(
    JSON.stringify({
      type: 'connection_established',
      connection_id: String(echo.authorization ?? echo.url),
      user_id: 'echo',
      seen: echo,
    }),
  );
  let frames = 0;
  ws.on('message', (data) => {
    frames += 1;
    const text = data.toString();
    let id: unknown = null;
    try {
      id = (JSON.parse(text) as { id?: unknown }).id ?? null;
    } catch {
      // not JSON: echoed as it came
    }
    ws.send(JSON.stringify({ type: 'pong', id, token: echo.authorization, frame: text }));
    ws.send(
      JSON.stringify({
        type: 'error',
        code: 'ECHO',
        message: `${text} from ${String(echo.authorization)}`,
      }),
    );
    ws.send(`not json: ${String(echo.authorization)} ${echo.url}`);
    if (frames >= 3) ws.close(1011, 'Internal error');
  });
}
