/**
 * Authentication is enforced and the gate's own tokens work (PROTOCOL.md §1). No bypass
 * headers are sent: a service that only lets us in because it skipped the signature check
 * proves nothing, and one that lets a bad token in is broken.
 */
import { defineModule } from '../define.js';
import { expectHttpRejected, expectWsRejected } from '../rejection.js';

export const authModule = defineModule('auth', 'Authentication', {
  'valid-token-accepted': {
    title: "The gate's token is accepted over HTTP and WebSocket",
    requires: ['auth'],
    async run({ http, protocol, users, check, connect }) {
      const user = await users.get(1);
      const res = await http.get(protocol.paths.agents, { token: user.token });
      check.expectStatus(res, 200, 'a valid token');
      // connect waits for the welcome: a 401 at the upgrade or close 1008 fails as auth_rejected
      await connect(user);
    },
  },
  'missing-token-rejected-http': {
    title: 'An API call without a token is refused (401/403)',
    async run({ http, protocol }) {
      const res = await http.get(protocol.paths.agents);
      expectHttpRejected(res, 'no token');
    },
  },
  'missing-token-rejected-ws': {
    title: 'A WebSocket without a token is refused (401/403 or close 1008)',
    async run({ probeUpgrade }) {
      expectWsRejected(await probeUpgrade(undefined), 'no token');
    },
  },
  'wrong-signature-rejected-http': {
    title: 'An API call with a wrongly signed token is refused',
    async run({ http, protocol, users }) {
      const res = await http.get(protocol.paths.agents, { token: await users.wrongSigned() });
      expectHttpRejected(res, 'a wrongly signed token');
    },
  },
  'wrong-signature-rejected-ws': {
    title: 'A WebSocket with a wrongly signed token is refused',
    async run({ probeUpgrade, users }) {
      expectWsRejected(await probeUpgrade(await users.wrongSigned()), 'a wrongly signed token');
    },
  },
  'expired-token-rejected-http': {
    title: 'An API call with an expired token is refused',
    requires: ['minting'],
    async run({ http, protocol, users }) {
      const res = await http.get(protocol.paths.agents, { token: await users.expired() });
      expectHttpRejected(res, 'an expired token');
    },
  },
  'expired-token-rejected-ws': {
    title: 'A WebSocket with an expired token is refused',
    requires: ['minting'],
    async run({ probeUpgrade, users }) {
      expectWsRejected(await probeUpgrade(await users.expired()), 'an expired token');
    },
  },
  'malformed-token-rejected': {
    title: 'A token that is not a JWT is refused over HTTP and WebSocket',
    priority: 2,
    async run({ http, protocol, users, probeUpgrade }) {
      const res = await http.get(protocol.paths.agents, { token: users.malformed });
      expectHttpRejected(res, 'a malformed token');
      expectWsRejected(await probeUpgrade(users.malformed), 'a malformed token');
    },
  },
});
