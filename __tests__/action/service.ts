/**
 * The service under test for the action's tests: the reference service (in this process, on
 * loopback) behind a recording proxy, so every test can count and inspect what the bundled
 * action sent it.
 */
import { DEFAULT_SIM_SECRET, startSim, type SimHandle, type SimInit } from '../../src/sim/index.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';

export interface ServiceUnderTest {
  /** the proxy's URL: what the action is given as `base-url` */
  baseUrl: string;
  sim: SimHandle;
  proxy: RecordingProxy;
  /** the service saw nothing at all: no connection to the proxy, no request, no socket */
  untouched(): boolean;
  close(): Promise<void>;
}

export async function startService(init: SimInit = {}): Promise<ServiceUnderTest> {
  // no idle heartbeats: nothing in these tests is about them, and they only add frames
  const sim = await startSim({ heartbeatMs: 0, ...init });
  const proxy = await startRecordingProxy(sim.port);
  return {
    baseUrl: proxy.baseUrl,
    sim,
    proxy,
    untouched: () => {
      const s = sim.stats();
      return proxy.connections() === 0 && s.httpRequests === 0 && s.connectionsTotal === 0;
    },
    close: async () => {
      await proxy.close();
      await sim.close();
    },
  };
}

/**
 * The `with:` block most tests use: the service, its secret, a short readiness wait, and the
 * performance gate on `warn` because these runs share two cores with other test files
 * (timing claims belong to the benchmark, not here).
 */
export function gateInputs(
  service: Pick<ServiceUnderTest, 'baseUrl'>,
  over: Record<string, string> = {},
): Record<string, string> {
  return {
    'base-url': service.baseUrl,
    'jwt-secret': DEFAULT_SIM_SECRET,
    'wait-for-ready': '5',
    'perf-gate': 'warn',
    timeout: '60',
    ...over,
  };
}
