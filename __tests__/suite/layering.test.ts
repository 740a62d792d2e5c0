/**
 * The suite talks to a service over the network like to any deployment: nothing in the
 * suite or the client may import the reference service, or the suite would be testing
 * itself. The client knows nothing of tests either.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultMatrixMarkdown } from './fault-matrix.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
}

describe('layering', () => {
  it('suite and client never import the reference service', () => {
    const offenders = [...sources('src/suite'), ...sources('src/client')].filter((f) =>
      imports(f).some((i) => /\/sim\//.test(i)),
    );
    expect(offenders).toEqual([]);
  });

  it('the client imports nothing from the suite, the runner or the pipeline', () => {
    const offenders = sources('src/client').filter((f) =>
      imports(f).some((i) => /\.\.\/(suite|runner|pipeline|report|verdict|github)\//.test(i)),
    );
    expect(offenders).toEqual([]);
  });

  it('renders the fault matrix for the README', () => {
    const table = faultMatrixMarkdown();
    expect(table.split('\n')[0]).toBe('| test | fault | fails as |');
    expect(table).toContain(
      '| `websocket-events/agent-event-flow` | `ws-1011-on-agent` | `ws_internal_error` |',
    );
  });
});
