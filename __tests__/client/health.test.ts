/**
 * The /health probe against real loopback servers that answer badly (a 50 MB body, an HTML
 * page), and the one reader of `version-field` that readiness and the health test share.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { probeHealth, readVersion, valueAtPath } from '../../src/client/health.js';
import { createHttpClient } from '../../src/client/http.js';
import { DEFAULT_PROTOCOL } from '../../src/config/protocol.js';
import { systemClock } from '../../src/runner/clock.js';
import { waitForReady } from '../../src/runner/readiness.js';
import { valueAtPath as suiteValueAtPath } from '../../src/suite/shapes.js';
import { httpServer, type Loopback } from './servers.js';

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function readinessOf(loopback: Loopback) {
  const http = createHttpClient({ baseUrl: loopback.url, timeoutMs: 5_000 });
  try {
    const probe = probeHealth(http, DEFAULT_PROTOCOL);
    return await waitForReady({
      probe: () => probe(),
      waitForReadySec: 0,
      versionField: 'version',
      clock: systemClock,
    });
  } finally {
    http.close();
  }
}

describe('probeHealth', () => {
  it('a 50 MB /health body is a protocol_violation that says so, not "never answered"', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      let sent = 0;
      // streamed, so the test never holds 50 MB; stops once the client hangs up
      const more = (): void => {
        while (sent < 50 && !res.destroyed) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      res.on('error', () => undefined);
      more();
    });
    const r = await readinessOf(server);
    expect(r).toMatchObject({ ready: false, category: 'protocol_violation' });
    expect(r.message).toContain('/health answered 200 with a body over 2097152 bytes');
    expect(r.message).not.toContain('never answered');
  });

  it('an HTML /health page at 200 is a protocol_violation quoting what came', async () => {
    server = await httpServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html>\n<title>Welcome to nginx!</title>');
    });
    const r = await readinessOf(server);
    expect(r).toMatchObject({ ready: false, category: 'protocol_violation' });
    expect(r.message).toContain(
      'a body that is not JSON (text/html): "<!doctype html> <title>Welcome to nginx!</title>"',
    );
  });

  it('a JSON body reads as before, with no violation', async () => {
    server = await httpServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"status":"healthy","version":"v1"}');
    });
    const http = createHttpClient({ baseUrl: server.url, timeoutMs: 1_000 });
    try {
      expect(await probeHealth(http, DEFAULT_PROTOCOL)()).toEqual({
        status: 200,
        body: { status: 'healthy', version: 'v1' },
      });
    } finally {
      http.close();
    }
  });
});

describe('version-field: one reader', () => {
  const body = {
    version: 'top',
    build: { sha: 'abc' },
    builds: [{ sha: 'first' }, { sha: 'second' }],
    number: 42,
    nested: { list: [[{ v: 'deep' }]] },
  };

  it('walks objects and arrays', () => {
    expect(valueAtPath(body, 'version')).toBe('top');
    expect(valueAtPath(body, 'build.sha')).toBe('abc');
    expect(valueAtPath(body, 'builds.0.sha')).toBe('first');
    expect(valueAtPath(body, 'builds.1.sha')).toBe('second');
    expect(valueAtPath(body, 'nested.list.0.0.v')).toBe('deep');
    expect(valueAtPath(body, 'builds.2.sha')).toBeUndefined();
    expect(valueAtPath(body, 'builds.length')).toBeUndefined();
    expect(valueAtPath(body, 'build.constructor')).toBeUndefined();
    expect(valueAtPath('text', 'version')).toBeUndefined();
  });

  it('the suite reads with the same function', () => {
    expect(suiteValueAtPath).toBe(valueAtPath);
  });

  it('a version is a non-empty string or a number; anything else says what it is', () => {
    expect(readVersion(body, 'builds.0.sha')).toEqual({ version: 'first' });
    expect(readVersion(body, 'number')).toEqual({ version: '42' });
    expect(readVersion(body, 'missing')).toEqual({ problem: "no 'missing' field" });
    expect(readVersion(body, 'builds')).toEqual({ problem: "an array at 'builds', not a version" });
    expect(readVersion({ v: '' }, 'v')).toEqual({
      problem: "an empty string at 'v', not a version",
    });
  });
});
