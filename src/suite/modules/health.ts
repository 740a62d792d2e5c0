/** Is the service up, and is it the build we mean to test? (PROTOCOL.md §2, §4) */
import { defineModule } from '../define.js';
import { literal, nonEmptyString, object, valueAtPath } from '../shapes.js';

export const healthModule = defineModule('health', 'Service health', {
  'service-healthy-with-version': {
    title: 'GET /health is healthy and reports the deployed version',
    async run({ http, protocol, check, settings }) {
      const res = await http.get(protocol.paths.health);
      check.expectStatus(res, 200, 'health');
      check.expectBody(res, object({ status: literal('healthy') }), 'health body');
      const version = valueAtPath(res.body, settings.versionField);
      check.expectShape(version, nonEmptyString, `health body.${settings.versionField}`);
      if (settings.expectedVersion !== undefined && version !== settings.expectedVersion) {
        check.fail(
          'stale_deploy',
          `/health reports version ${JSON.stringify(version)}, expected ${JSON.stringify(settings.expectedVersion)}: the previous deploy is still answering`,
          { httpStatus: res.status },
        );
      }
    },
  },
  'api-health': {
    title: 'GET /api/health is healthy',
    async run({ http, protocol, check }) {
      const res = await http.get(protocol.paths.apiHealth);
      check.expectStatus(res, 200, 'api health');
      check.expectBody(res, object({ status: literal('healthy') }), 'api health body');
    },
  },
});
