/**
 * Runner environments for tests of `src/github`: writes an event payload where
 * `GITHUB_EVENT_PATH` points and returns the GITHUB_* variables a runner would set.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunnerEnvOptions {
  eventName: string;
  payload: Record<string, unknown>;
  apiUrl: string;
  repository?: string;
  sha?: string;
  extra?: Record<string, string>;
}

export class RunnerEnvs {
  private readonly dir = mkdtempSync(join(tmpdir(), 'staging-gate-github-'));
  private count = 0;

  make(o: RunnerEnvOptions): Record<string, string> {
    const path = join(this.dir, `event-${++this.count}.json`);
    writeFileSync(path, JSON.stringify(o.payload));
    return {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: o.eventName,
      GITHUB_EVENT_PATH: path,
      GITHUB_REPOSITORY: o.repository ?? 'acme/web',
      GITHUB_SHA: o.sha ?? 'f'.repeat(40),
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: o.apiUrl,
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      ...o.extra,
    };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Retries in milliseconds and no write spacing: the stand-in answers at once. */
export const FAST_TIMING = { retryAfterBaseMs: 1, spaceWrites: false } as const;
