/**
 * One reader of `version-field`: a path through an array (`builds.0.sha`) once passed the
 * health test and failed readiness. Both read it with client/health's reader now, against
 * the same real /health answer, and agree: both pass on the build, both refuse another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHealth } from '../../src/client/health.js';
import { createHttpClient } from '../../src/client/http.js';
import { parseSettings } from '../../src/config/parse-settings.js';
import { systemClock } from '../../src/runner/clock.js';
import { waitForReady } from '../../src/runner/readiness.js';
import { httpServer, type Loopback } from '../client/servers.js';
import { runTests } from './harness.js';

let server: Loopback;
beforeAll(async () => {
  server = await httpServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: 'healthy', builds: [{ sha: 'abc123' }, { sha: 'old' }] }));
  });
});
afterAll(async () => {
  await server.close();
});

async function both(expected: string) {
  const settings = parseSettings({
    'base-url': server.url,
    'auth-token': 'unused-by-the-health-test',
    'version-field': 'builds.0.sha',
    'expected-version': expected,
    'wait-for-ready': '0',
  });
  const http = createHttpClient({ baseUrl: server.url, timeoutMs: 2_000 });
  try {
    const readiness = await waitForReady({
      probe: probeHealth(http, settings.protocol),
      waitForReadySec: 0,
      expectedVersion: expected,
      versionField: settings.versionField,
      clock: systemClock,
    });
    const test = (await runTests(settings, { ids: ['health/service-healthy-with-version'] })).get(
      'health/service-healthy-with-version',
    );
    return { readiness, test };
  } finally {
    http.close();
  }
}

describe('version-field through an array', () => {
  it('readiness and the health test both find the build at builds.0.sha', async () => {
    const { readiness, test } = await both('abc123');
    expect(readiness).toMatchObject({ ready: true, version: 'abc123' });
    expect(test?.status, test?.failure?.message).toBe('passed');
  });

  it('and both refuse another build', async () => {
    const { readiness, test } = await both('def456');
    expect(readiness).toMatchObject({ ready: false, category: 'stale_deploy' });
    expect(test?.status).toBe('failed');
    expect(test?.failure?.category).toBe('stale_deploy');
  });
});
