/**
 * HTTP checks a deployment declares in suite-config (`extraTests`): a request, the statuses
 * that pass, and the top-level keys the JSON body must have.
 */
import type { ExtraHttpTest } from '../../config/protocol.js';
import { createChecks } from '../checks.js';
import type { BaseContext } from '../core/base-context.js';
import { defineTest } from '../define.js';
import { object, anyValue } from '../shapes.js';
import type { SuiteTest } from '../types.js';

/** On the base context, so that `protocol: custom` and every other protocol can carry it. */
export function extraHttpTest(spec: ExtraHttpTest): SuiteTest<BaseContext> {
  const slash = spec.id.indexOf('/');
  const name = slash >= 0 ? spec.id.slice(slash + 1) : spec.id;
  return defineTest<BaseContext>(spec.module, name, {
    title: spec.title,
    priority: spec.priority,
    ...(spec.auth ? { requires: ['auth' as const] } : {}),
    async run({ http, users, settings, secrets }) {
      const check = createChecks(settings.protocol, secrets);
      const token = spec.auth ? (await users.get(1)).token : undefined;
      const res = await http.request({
        method: spec.method,
        path: spec.path,
        ...(token !== undefined ? { token } : {}),
        ...(spec.body !== undefined ? { body: spec.body } : {}),
      });
      check.expectStatus(res, spec.expectStatus, spec.title);
      if (spec.expectKeys.length > 0) {
        const fields = Object.fromEntries(spec.expectKeys.map((k) => [k, requiredKey]));
        check.expectBody(res, object(fields), `${spec.method} ${spec.path} body`);
      }
    },
  });
}

const requiredKey = (v: unknown, at: string): string | undefined =>
  v === undefined ? `${at}: missing` : anyValue(v, at);
