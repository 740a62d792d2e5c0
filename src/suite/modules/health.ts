/** Is the service up, and is it the build we mean to test? (PROTOCOL.md §2, §4) */
import { readVersion } from '../../client/health.js';
import { defineModule } from '../define.js';
import { literal, object } from '../shapes.js';

export const healthModule = defineModule('health', 'Service health', {
  'service-healthy-with-version': {
    title: 'GET /health is healthy and reports the deployed version',
    async run({ http, protocol, check, settings }) {
      const res = await http.get(protocol.paths.health);
      check.expectStatus(res, 200, 'health');
      check.expectBody(res, object({ status: literal('healthy') }), 'health body');
      // The reader readiness uses: both must find the build at the same place.
      const reading = readVersion(res.body, settings.versionField);
      if (reading.version === undefined) {
        return check.fail('protocol_violation', `health body reports ${reading.problem}`, {
          kind: 'protocol',
          httpStatus: res.status,
        });
      }
      const { version } = reading;
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
