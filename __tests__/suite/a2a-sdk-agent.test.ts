/**
 * A server nobody here wrote: an agent on the official @a2a-js/sdk server passes the whole
 * A2A suite once the application puts JWT verification in front of it and names the user
 * (so that the SDK's InMemoryTaskStore scopes tasks per user); with the SDK's sample
 * defaults (`UserBuilder.noAuthentication`) the gate reports what a deployment would get:
 * auth not enforced, and every caller's tasks visible to every other.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';
import { startSdkAgent } from '../support/a2a-sdk-agent.js';
import { a2aSettings, failuresOf, runA2a } from './a2a-harness.js';

describe('an agent built on @a2a-js/sdk', () => {
  it('passes every A2A test with JWT verification and per-user task scoping in front', async () => {
    const agent = await startSdkAgent({ auth: 'jwt', jwtSecret: DEFAULT_SIM_SECRET });
    try {
      const { results } = await runA2a(a2aSettings(agent.baseUrl), { priorities: [1, 2] });
      expect(results.size).toBeGreaterThanOrEqual(22);
      expect(failuresOf(results)).toEqual([]);
    } finally {
      await agent.close();
    }
  }, 40_000);

  it('with the SDK sample defaults, fails auth (not enforced) and isolation (one shared task scope)', async () => {
    const agent = await startSdkAgent({ auth: 'sdk-default', jwtSecret: DEFAULT_SIM_SECRET });
    try {
      const { results } = await runA2a(a2aSettings(agent.baseUrl), {
        ids: [
          'auth/missing-token-rejected',
          'auth/wrong-signature-rejected',
          'isolation/get-task',
          'isolation/cancel-task',
          'isolation/subscribe-task',
        ],
      });
      const categories = Object.fromEntries(
        [...results].map(([id, r]) => [id, r.failure?.category ?? r.status]),
      );
      expect(categories).toEqual({
        'auth/missing-token-rejected': 'auth_not_enforced',
        'auth/wrong-signature-rejected': 'auth_not_enforced',
        'isolation/get-task': 'isolation_breach',
        'isolation/cancel-task': 'isolation_breach',
        'isolation/subscribe-task': 'isolation_breach',
      });
    } finally {
      await agent.close();
    }
  }, 40_000);
});
