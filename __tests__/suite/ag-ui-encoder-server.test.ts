/**
 * A server built on the official AG-UI encoder and schemas passes the whole AG-UI suite
 * (health-path not given, so its one test is skipped and says why).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResult } from '../../src/model.js';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';
import { startEncoderServer, type EncoderServer } from '../support/ag-ui-encoder-server.js';
import { agUiSettings, agUiTests, runAgUiTests } from './ag-ui-harness.js';

let server: EncoderServer;
let results: Map<string, TestResult>;

beforeAll(async () => {
  server = await startEncoderServer(DEFAULT_SIM_SECRET);
  results = await runAgUiTests(agUiSettings(server));
}, 60_000);
afterAll(() => server.close());

describe('an AG-UI server built on @ag-ui/encoder', () => {
  const ids = agUiTests(
    agUiSettings({ baseUrl: 'http://127.0.0.1:1', agentUrl: 'http://127.0.0.1:1/a' }),
  ).map((t) => t.id);
  it.each(ids.filter((id) => id !== 'health/health-path-healthy'))('%s passes', (id) => {
    const r = results.get(id);
    expect(r?.status, JSON.stringify(r?.failure)).toBe('passed');
  });
  it('health/health-path-healthy is skipped with its reason', () => {
    expect(results.get('health/health-path-healthy')).toMatchObject({
      status: 'skipped',
      skipReason: expect.stringContaining('no health-path'),
    });
  });
});
