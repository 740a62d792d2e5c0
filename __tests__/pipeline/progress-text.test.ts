// The readiness line a person watches in the log: what the wait is for and what came instead.
import { describe, expect, it } from 'vitest';
import { progressText } from '../../src/pipeline/progress-text.js';

describe('progressText for readiness', () => {
  it('says what it waits for, with the poll and a rounded elapsed time', () => {
    expect(
      progressText({
        type: 'readiness',
        progress: {
          poll: 4,
          elapsedMs: 3000.4999,
          status: 200,
          version: 'def456',
          waitingFor: 'version abc123 at build.sha, /health reports def456',
        },
      }),
    ).toBe('waiting for version abc123 at build.sha, /health reports def456 (poll 4, 3.0 s)');
  });
});
