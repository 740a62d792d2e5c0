/**
 * The endpoints a user's first minute depends on (the seed's `test_critical_api_endpoints`):
 * discovery, MCP config, MCP servers, agents. Each must answer 200 with its documented shape.
 */
import { GateError } from '../../model.js';
import { defineModule } from '../define.js';
import { agentsShape, mcpServersShape } from '../documented-shapes.js';
import { object, type Shape } from '../shapes.js';

export const criticalPathModule = defineModule('critical-path', 'Critical path', {
  'critical-api-endpoints': {
    title: 'Discovery, MCP config, MCP servers and agents answer 200 with their documented shape',
    requires: ['auth'],
    async run({ http, protocol, check, users }) {
      const user = await users.get(1);
      const p = protocol.paths;
      const endpoints: Array<{ path: string; token?: string; shape: Shape }> = [
        { path: p.discovery, shape: object({ services: object() }) },
        { path: p.mcpConfig, shape: object({}, { nonEmpty: true }) },
        { path: p.mcpServers, shape: mcpServersShape },
        { path: p.agents, token: user.token, shape: agentsShape },
      ];
      // Every endpoint is asked, so that one broken route does not hide another.
      const failures: GateError[] = [];
      for (const e of endpoints) {
        try {
          const res = await http.get(e.path, e.token ? { token: e.token } : {});
          check.expectStatus(res, 200, e.path);
          check.expectBody(res, e.shape, `${e.path} body`);
        } catch (err) {
          if (!(err instanceof GateError)) throw err;
          failures.push(err);
        }
      }
      const [first, ...rest] = failures;
      if (first) {
        const more =
          rest.length > 0
            ? ` (and ${rest.length} more: ${rest.map((f) => f.message).join('; ')})`
            : '';
        throw new GateError(`${first.message}${more}`, first.facts, first.category, first.evidence);
      }
    },
  },
});
