/**
 * The hostile endpoints the reference service cannot be: a TLS server whose certificate
 * nobody trusts, and a port where nothing listens. Both close in the test's afterAll.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Endpoint {
  baseUrl: string;
  close(): Promise<void>;
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A fresh throwaway pair from openssl when it is on PATH, else the committed test-only one. */
export function selfSignedPair(): { key: string; cert: string; source: 'openssl' | 'fixture' } {
  if (spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0) {
    const dir = mkdtempSync(join(tmpdir(), 'sg-tls-'));
    try {
      const made = spawnSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
        ],
        { stdio: 'ignore', timeout: 10_000 },
      );
      if (made.status === 0) {
        return {
          key: readFileSync(join(dir, 'key.pem'), 'utf8'),
          cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
          source: 'openssl',
        };
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    key: readFileSync(join(FIXTURES, 'TEST-ONLY-self-signed.key.pem'), 'utf8'),
    cert: readFileSync(join(FIXTURES, 'TEST-ONLY-self-signed.cert.pem'), 'utf8'),
    source: 'fixture',
  };
}

/**
 * HTTPS with a self-signed certificate that answers a healthy /health: a client that skipped
 * certificate checks would find it ready, so only a refused handshake keeps the run ungraded.
 */
export async function untrustedTls(): Promise<Endpoint> {
  const { key, cert } = selfSignedPair();
  const server = createHttpsServer({ key, cert }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"healthy","version":"tls-1"}');
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}

/** A loopback port that was bound, then closed: connecting to it is refused. */
export async function refusedPort(): Promise<Endpoint> {
  const server = createNetServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((closed) => server.close(() => closed()));
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => Promise.resolve() };
}
