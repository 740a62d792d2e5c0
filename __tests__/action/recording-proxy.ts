/**
 * A loopback TCP proxy in front of a service: counts every connection the action opens and
 * keeps every byte it sends, so a test can prove that a bad input sent nothing and can list
 * the credentials the service saw (request headers, URLs and upgrade requests travel in clear
 * text; client WebSocket frames are masked, but no test credential travels in a frame).
 */
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RecordingProxy {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  connections(): number;
  /** everything the clients sent, as text */
  clientText(): string;
  close(): Promise<void>;
}

const MAX_RECORDED_BYTES = 16 * 1024 * 1024;

export async function startRecordingProxy(targetPort: number): Promise<RecordingProxy> {
  let connections = 0;
  let recorded = 0;
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const server = createServer((client) => {
    connections += 1;
    track(client);
    const upstream = connect(targetPort, '127.0.0.1');
    track(upstream);
    client.on('data', (b: Buffer) => {
      if (recorded < MAX_RECORDED_BYTES) {
        chunks.push(b);
        recorded += b.length;
      }
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    connections: () => connections,
    clientText: () => Buffer.concat(chunks).toString('latin1'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
