/**
 * The lifecycle of MCP 2025-11-25: `initialize` answers a protocol version the gate speaks,
 * `serverInfo` with name and version (the deployed build, compared with `expected-version`)
 * and capabilities; `notifications/initialized` is accepted with 202; `ping` answers.
 */
import { resultOf } from '../../agent/mcp/client.js';
import { defineModule } from '../define.js';
import type { McpContext } from './context.js';
import { fail } from './judge.js';

export const handshakeModule = defineModule<McpContext>('handshake', 'Handshake', {
  initialize: {
    title:
      'initialize answers a supported protocol version, serverInfo and capabilities; notifications/initialized is accepted (202)',
    requires: ['auth'],
    async run({ mcp, users, settings, evidence }) {
      const session = await mcp.open((await users.get(1)).token);
      const info = session.init.serverInfo;
      evidence.add(
        'note',
        `initialize: protocol ${session.protocolVersion}, server ${info.name} ${info.version}, ${session.sessionId ? 'session id issued' : 'no session id (stateless)'}`,
      );
      if (settings.expectedVersion !== undefined && info.version !== settings.expectedVersion)
        fail(
          'stale_deploy',
          `initialize reports serverInfo.version ${JSON.stringify(info.version)}, expected ${JSON.stringify(settings.expectedVersion)}: the previous deploy is still answering`,
        );
    },
  },
  ping: {
    title: 'ping answers with an empty result',
    requires: ['auth'],
    async run({ mcp, users }) {
      const session = await mcp.open((await users.get(1)).token);
      resultOf('ping', await mcp.client.request('ping', undefined, session.options()));
    },
  },
});
