/**
 * HTTP responses written straight to a socket: the answer to a refused WebSocket upgrade
 * (there is no ServerResponse there) and the byte-by-byte answers of the `slowloris` fault.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TimerBag } from './timers.js';

export function rawResponse(status: number, headers: Record<string, string>, body: string): Buffer {
  const payload = Buffer.from(body, 'utf8');
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}`,
    ...Object.entries({
      ...headers,
      'Content-Length': String(payload.length),
      Connection: 'close',
    }).map(([name, value]) => `${name}: ${value}`),
  ];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

/** Writes the response and closes; the socket never becomes a WebSocket. */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  if (!socket.writable) return void socket.destroy();
  socket.end(rawResponse(status, headers, body));
}

/** `slowloris`: one byte per `intervalMs`, then close; stops when the peer goes away. */
export function drip(timers: TimerBag, socket: Duplex, bytes: Buffer, intervalMs: number): void {
  let sent = 0;
  const stop = timers.every(intervalMs, () => {
    if (socket.destroyed || !socket.writable) return stop();
    socket.write(bytes.subarray(sent, sent + 1));
    sent += 1;
    if (sent >= bytes.length) {
      stop();
      socket.end();
    }
  });
  socket.once('close', stop);
}
