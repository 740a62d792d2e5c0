import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/runner/clock.js';
import {
  waitForReady,
  type ProbeAnswer,
  type ReadinessProgress,
} from '../../src/runner/readiness.js';
import { VirtualClock } from './virtual-clock.js';

const starting = (phase: string, progress: number): ProbeAnswer => ({
  status: 503,
  body: {
    status: 'unhealthy',
    message: 'Startup in progress',
    startup_in_progress: true,
    details: { phase, progress },
  },
});
const healthy = (version: string): ProbeAnswer => ({
  status: 200,
  body: { status: 'healthy', service: 'x', version },
});
const refused = (): Error =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });

/** a probe that answers from a script, then repeats its last step */
function scripted(steps: Array<ProbeAnswer | Error>): {
  probe: () => Promise<ProbeAnswer>;
  calls: () => number;
} {
  let calls = 0;
  return {
    calls: () => calls,
    probe: async () => {
      const step = steps[Math.min(calls++, steps.length - 1)];
      if (step instanceof Error) throw step;
      return step;
    },
  };
}

describe('waitForReady', () => {
  it('waits through 503 startup, reports progress, then is ready', async () => {
    const clock = new VirtualClock();
    const { probe } = scripted([
      refused(),
      starting('loading_models', 40),
      starting('warming', 90),
      healthy('abc'),
    ]);
    const progress: ReadinessProgress[] = [];
    const r = await waitForReady({
      probe,
      waitForReadySec: 60,
      expectedVersion: 'abc',
      versionField: 'version',
      clock,
      onProgress: (p) => progress.push(p),
    });
    expect(r).toMatchObject({ ready: true, version: 'abc', polls: 4 });
    expect(r.category).toBeUndefined();
    expect(progress.map((p) => p.phase)).toEqual([
      undefined,
      'loading_models',
      'warming',
      undefined,
    ]);
    expect(progress[0].error).toContain('ECONNREFUSED');
    expect(progress[1]).toMatchObject({ status: 503, starting: true, progress: 40 });
    // one poll a second, no growing backoff
    expect(r.waitedMs).toBe(3000);
    expect(progress[1].waitingFor).toBe(
      "/health to be healthy: 503 startup in progress (phase 'loading_models', 40 %)",
    );
    expect(progress[0].waitingFor).toMatch(/^\/health to answer: .*ECONNREFUSED/);
  });

  it('tolerates status "ok" and a dotted version field', async () => {
    const { probe } = scripted([{ status: 200, body: { status: 'ok', build: { sha: 'f00' } } }]);
    const r = await waitForReady({
      probe,
      waitForReadySec: 0,
      expectedVersion: 'f00',
      versionField: 'build.sha',
      clock: new VirtualClock(),
    });
    expect(r).toMatchObject({ ready: true, version: 'f00', polls: 1 });
  });

  it('healthy but the old build until the deadline → stale_deploy with both versions', async () => {
    const { probe, calls } = scripted([healthy('old-sha')]);
    const r = await waitForReady({
      probe,
      waitForReadySec: 30,
      expectedVersion: 'new-sha',
      versionField: 'version',
      clock: new VirtualClock(),
    });
    expect(r.ready).toBe(false);
    expect(r.category).toBe('stale_deploy');
    expect(r.version).toBe('old-sha');
    expect(r.message).toContain("version 'old-sha'");
    expect(r.message).toContain("expected 'new-sha'");
    expect(r.message).toContain(`${r.polls} polls`);
    expect(r.waitedMs).toBe(30_000);
    expect(calls()).toBe(r.polls);
    expect(r.polls).toBeGreaterThan(3);
  });

  it('a healthy service without the version field is stale when a version is expected', async () => {
    const { probe } = scripted([{ status: 200, body: { status: 'healthy' } }]);
    const r = await waitForReady({
      probe,
      waitForReadySec: 0,
      expectedVersion: 'v2',
      versionField: 'build.sha',
      clock: new VirtualClock(),
    });
    expect(r).toMatchObject({ ready: false, category: 'stale_deploy', polls: 1 });
    expect(r.message).toContain("no 'build.sha' field");
  });

  it('never answers → connection_failed with the last error', async () => {
    const { probe } = scripted([refused()]);
    const r = await waitForReady({
      probe,
      waitForReadySec: 10,
      versionField: 'version',
      clock: new VirtualClock(),
    });
    expect(r).toMatchObject({ ready: false, category: 'connection_failed', waitedMs: 10_000 });
    expect(r.message).toContain('never answered');
    expect(r.message).toContain('ECONNREFUSED');
  });

  it('stuck starting → service_unavailable with the last status and phase', async () => {
    const { probe } = scripted([starting('migrations', 10)]);
    const r = await waitForReady({
      probe,
      waitForReadySec: 5,
      versionField: 'version',
      clock: new VirtualClock(),
    });
    expect(r).toMatchObject({ ready: false, category: 'service_unavailable' });
    expect(r.message).toContain("503 startup in progress (phase 'migrations', 10 %)");
  });

  it('zero wait is exactly one probe', async () => {
    const { probe, calls } = scripted([starting('boot', 0), healthy('x')]);
    const r = await waitForReady({
      probe,
      waitForReadySec: 0,
      versionField: 'version',
      clock: new VirtualClock(),
    });
    expect(calls()).toBe(1);
    expect(r).toMatchObject({ ready: false, polls: 1, category: 'service_unavailable' });
  });

  it('a probe that never answers counts as no answer after its timeout', async () => {
    const r = await waitForReady({
      probe: () => new Promise<ProbeAnswer>(() => {}),
      waitForReadySec: 0,
      probeTimeoutMs: 2000,
      versionField: 'version',
      clock: new VirtualClock(),
    });
    // accepted but silent: the service is unavailable, the connection did not fail
    expect(r).toMatchObject({
      ready: false,
      category: 'service_unavailable',
      polls: 1,
      waitedMs: 2000,
    });
    expect(r.message).toContain('no answer within 2.0 s');
  });

  it('a probe never runs past the wait (a hung service cannot stretch the run)', async () => {
    const r = await waitForReady({
      probe: () => new Promise<ProbeAnswer>(() => {}),
      waitForReadySec: 3,
      probeTimeoutMs: 10_000,
      versionField: 'version',
      clock: new VirtualClock(),
    });
    expect(r.ready).toBe(false);
    expect(r.category).toBe('service_unavailable');
    // the last probe may take MIN_PROBE_MS (1 s) past the wait, never the full 10 s
    expect(r.waitedMs).toBeGreaterThanOrEqual(3000);
    expect(r.waitedMs).toBeLessThanOrEqual(4000);
  });

  it('works on real time with a real failing probe', async () => {
    // a loopback port that was just free: nothing listens there
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const r = await waitForReady({
      probe: () =>
        fetch(`http://127.0.0.1:${port}/health`).then(async (res) => ({
          status: res.status,
          body: await res.json(),
        })),
      waitForReadySec: 0.05,
      pollIntervalMs: 10,
      versionField: 'version',
      clock: systemClock,
    });
    expect(r.ready).toBe(false);
    expect(r.category).toBe('connection_failed');
    expect(r.message).toMatch(/ECONNREFUSED/);
  });

  it('says what it waits for: the version at version-field, and what /health reports', async () => {
    const { probe } = scripted([
      { status: 200, body: { status: 'healthy', build: { sha: 'def456' } } },
      { status: 200, body: { status: 'healthy', build: { sha: 'abc123' } } },
    ]);
    const progress: ReadinessProgress[] = [];
    const r = await waitForReady({
      probe,
      waitForReadySec: 10,
      expectedVersion: 'abc123',
      versionField: 'build.sha',
      clock: new VirtualClock(),
      onProgress: (p) => progress.push(p),
    });
    expect(r).toMatchObject({ ready: true, version: 'abc123', polls: 2 });
    expect(progress[0].waitingFor).toBe('version abc123 at build.sha, /health reports def456');
  });

  it('reads version-field through arrays, as the health test does (builds.0.sha)', async () => {
    const { probe } = scripted([
      { status: 200, body: { status: 'healthy', builds: [{ sha: 'f00' }, { sha: 'old' }] } },
    ]);
    const r = await waitForReady({
      probe,
      waitForReadySec: 0,
      expectedVersion: 'f00',
      versionField: 'builds.0.sha',
      clock: new VirtualClock(),
    });
    expect(r).toMatchObject({ ready: true, version: 'f00' });
  });

  it('rounds every duration it prints (no 9999.998121999999 ms)', async () => {
    const r = await waitForReady({
      probe: () => new Promise<ProbeAnswer>(() => {}),
      // what the run's deadline leaves after its finishing reserve: not a round number
      waitForReadySec: 9.998121999999,
      probeTimeoutMs: 9999.998121999999,
      versionField: 'version',
      clock: new VirtualClock(),
    });
    expect(r.ready).toBe(false);
    expect(r.message).toContain('no answer within 10.0 s');
    expect(r.message).toContain('within 10.0 s (1 poll, waited 10.0 s)');
    expect(r.message).not.toMatch(/\d\.\d{2,}/);
  });

  it('notices a service that turned healthy within a second, polling at most once a second', async () => {
    const clock = new VirtualClock();
    // healthy 13.4 s in: the old 1 s → 5 s backoff polled at 13.3 s, then at 18.4 s
    const healthyAt = 13_400;
    const starts: number[] = [];
    const r = await waitForReady({
      probe: async () => {
        starts.push(clock.now());
        await clock.sleep(40); // a round trip takes time too
        return clock.now() >= healthyAt ? healthy('v1') : starting('warming', 50);
      },
      waitForReadySec: 60,
      versionField: 'version',
      clock,
    });
    expect(r.ready).toBe(true);
    expect(r.waitedMs - healthyAt).toBeLessThanOrEqual(1000 + 40);
    for (let i = 1; i < starts.length; i++) {
      expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(1000);
    }
  });

  it('a slow probe does not stretch the cadence: the next poll starts a second after the last began', async () => {
    const clock = new VirtualClock();
    const starts: number[] = [];
    await waitForReady({
      probe: async () => {
        starts.push(clock.now());
        await clock.sleep(700);
        return starting('boot', 1);
      },
      waitForReadySec: 5,
      versionField: 'version',
      clock,
    });
    expect(starts.slice(0, 4)).toEqual([0, 1000, 2000, 3000]);
  });

  it('a 2xx /health that is not readable JSON is a protocol_violation saying what came', async () => {
    const { probe } = scripted([
      { status: 200, body: undefined, violation: 'a body over 2097152 bytes (stopped reading)' },
    ]);
    const progress: ReadinessProgress[] = [];
    const r = await waitForReady({
      probe,
      waitForReadySec: 2,
      versionField: 'version',
      clock: new VirtualClock(),
      onProgress: (p) => progress.push(p),
    });
    expect(r).toMatchObject({ ready: false, category: 'protocol_violation' });
    expect(r.message).toContain('/health answered 200 with a body over 2097152 bytes');
    expect(progress[0].waitingFor).toContain('to answer JSON');
  });

  it('a 503 HTML page while deploying stays service_unavailable, with what came', async () => {
    const { probe } = scripted([
      { status: 503, body: undefined, violation: 'a body that is not JSON (text/html): "<html>"' },
    ]);
    const r = await waitForReady({
      probe,
      waitForReadySec: 0,
      versionField: 'version',
      clock: new VirtualClock(),
    });
    expect(r).toMatchObject({ ready: false, category: 'service_unavailable' });
    expect(r.message).toContain('503 with a body that is not JSON (text/html)');
  });
});
