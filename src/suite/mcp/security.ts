/**
 * Origin (Streamable HTTP, 2025-11-25, security warning): a request whose `Origin` is
 * foreign is refused with 403. Without it, a web page the user opens can reach an MCP
 * server on loopback or an internal network through the browser (DNS rebinding) and call
 * its tools with whatever it trusts.
 */
import { CLIENT_INFO, statusError } from '../../agent/mcp/client.js';
import { LATEST_PROTOCOL_VERSION } from '../../agent/mcp/wire.js';
import { defineModule } from '../define.js';
import type { McpContext } from './context.js';
import { fail, said } from './judge.js';

/** A name that resolves nowhere (RFC 6761 .invalid): the page a rebinding attack runs on. */
export const FOREIGN_ORIGIN = 'http://dns-rebinding.staging-gate.invalid';

export const securityModule = defineModule<McpContext>('security', 'Security', {
  'foreign-origin-refused': {
    title: 'a request with a foreign Origin is refused with 403 (DNS rebinding)',
    requires: ['auth'],
    async run({ mcp, users }) {
      const answer = await mcp.client.request(
        'initialize',
        { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO },
        { token: (await users.get(1)).token, origin: FOREIGN_ORIGIN, label: 'foreign Origin' },
      );
      if (answer.status === 403) return;
      if (answer.status >= 200 && answer.status < 300)
        fail(
          'auth_not_enforced',
          `initialize with Origin ${FOREIGN_ORIGIN} was served (${said(answer)}): the server does not validate Origin, so a web page can reach it through the browser (DNS rebinding)`,
          answer,
        );
      if (answer.status >= 500)
        throw statusError(`initialize with Origin ${FOREIGN_ORIGIN}`, answer);
      fail(
        'protocol_violation',
        `initialize with Origin ${FOREIGN_ORIGIN} → ${said(answer)}, expected 403 Forbidden (Streamable HTTP: an invalid Origin is refused with 403)`,
        answer,
      );
    },
  },
});
