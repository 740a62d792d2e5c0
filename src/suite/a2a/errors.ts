/**
 * `errors`: a calling agent's mistakes get the JSON-RPC errors the spec names, never a
 * 5xx, a hang or a made-up task: an unknown task id is TaskNotFound (-32001), an unknown
 * method -32601, bad params -32602, and (v1.0) an unsupported `A2A-Version` -32009.
 */
import { randomUUID } from 'node:crypto';
import type { A2aVersion } from '../../agent/a2a/wire.js';
import { A2A_ERRORS } from '../../agent/a2a/wire.js';
import { defineModule, type TestSpec } from '../define.js';
import type { SuiteModule } from '../types.js';
import type { A2aContext } from './context.js';
import { expectRpcError } from './expect.js';

const common: Record<string, TestSpec<A2aContext>> = {
  'task-not-found': {
    title: 'GetTask of an unknown id is TaskNotFound (-32001), not a made-up task',
    requires: ['auth'],
    async run(ctx) {
      const user = await ctx.users.get(1);
      const id = randomUUID();
      expectRpcError(
        await ctx.a2a.call('get', { id }, ctx.as(user)),
        [A2A_ERRORS.taskNotFound],
        `GetTask of unknown id ${id}`,
      );
    },
  },
  'unknown-method': {
    title: 'An unknown method is -32601',
    requires: ['auth'],
    async run(ctx) {
      const user = await ctx.users.get(1);
      expectRpcError(
        await ctx.a2a.call({ raw: 'StagingGateNoSuchMethod' }, {}, ctx.as(user)),
        [A2A_ERRORS.methodNotFound],
        'method StagingGateNoSuchMethod',
      );
    },
  },
  'invalid-params': {
    title: 'Bad params are -32602',
    requires: ['auth'],
    async run(ctx) {
      const user = await ctx.users.get(1);
      expectRpcError(
        // params without the id the method requires: unambiguous in both dialects (a
        // malformed message is not: the SDK's ProtoJSON reader coerces one into shape)
        await ctx.a2a.call('get', {}, ctx.as(user)),
        [A2A_ERRORS.invalidParams],
        'GetTask without an id',
      );
    },
  },
};

const versionTest: Record<string, TestSpec<A2aContext>> = {
  'unsupported-version': {
    title: 'An unsupported A2A-Version is VersionNotSupported (-32009)',
    requires: ['auth'],
    async run(ctx) {
      const user = await ctx.users.get(1);
      expectRpcError(
        await ctx.a2a.call('get', { id: randomUUID() }, ctx.as(user, { versionHeader: '99.0' })),
        [A2A_ERRORS.versionNotSupported],
        'GetTask with A2A-Version: 99.0',
      );
    },
  },
};

/** v0.3 has no version negotiation: the header check is v1.0's. */
export function errorsModule(version: A2aVersion): SuiteModule<A2aContext> {
  return defineModule<A2aContext>(
    'errors',
    'Errors',
    version === '1.0' ? { ...common, ...versionTest } : common,
  );
}
