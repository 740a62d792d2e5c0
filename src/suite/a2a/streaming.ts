/**
 * `streaming` (A2A's own part): SendStreamingMessage streams the Task first, then status
 * and artifact updates in valid transitions up to one terminal state, nothing after it, and
 * the stream closes there. The protocol-neutral streaming checks (text deltas, buffering)
 * join this module from the core.
 */
import type { TestSpec } from '../define.js';
import type { A2aContext } from './context.js';
import { expectCompleteTaskStream } from './expect.js';

export const a2aStreamingTests: Record<string, TestSpec<A2aContext>> = {
  'task-stream': {
    title:
      'SendStreamingMessage streams the Task, valid transitions, one terminal state, then closes',
    requires: ['auth'],
    async run(ctx) {
      const user = await ctx.users.get(1);
      const { outcome, run } = await ctx.streamMessage(user);
      expectCompleteTaskStream(outcome, run, { version: ctx.a2a.version }, 'SendStreamingMessage');
    },
  },
};
