/**
 * docs/comment-example.md, the README's picture of the PR comment, comes from a real run of
 * the bundled action: a PR whose first deploy had the seed incident and whose second deploy
 * fixed half of it. This test replays that story and checks that the committed example still
 * has every section the action writes today; with UPDATE_COMMENT_EXAMPLE=1 it rewrites it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIM_SECRET } from '../../src/sim/index.js';
import { startGithubStandin, type GithubStandin } from '../support/github-standin.js';
import { pullRequestEvent } from './events.js';
import { ActionRunner, ROOT } from './run-action.js';
import { JWT_SHAPED } from './secret-scan.js';
import { startService, type ServiceUnderTest } from './service.js';

const EXAMPLE = join(ROOT, 'docs', 'comment-example.md');
const SEED_INCIDENT = ['ws-1011-on-agent', 'http-500:/api/mcp/servers'];
const HALF_FIXED = ['ws-1011-on-agent'];

/** Sections every comment of a failing second run has, whatever the timing. */
const REQUIRED_HEADINGS = [
  /^## ❌ staging-gate · staging: FAIL/m,
  /^### Loop iteration 2$/m,
  /^### Modules$/m,
  /^### What broke$/m,
  /^### Failed tests \(\d+\)/m,
  /^### Performance$/m,
  /^### Five whys: /m,
  /^### Reproduce$/m,
];

const PREAMBLE = `# What the PR comment looks like

This is the comment staging-gate keeps on a pull request, exactly as the action posted it.
It comes from a real run: the bundled action (\`dist/index.js\`, started the way the Actions
runner starts it) against the reference service, on a pull request whose first deploy had
the seed incident (\`--fault ws-1011-on-agent --fault http-500:/api/mcp/servers\`) and whose
second deploy fixed \`/api/mcp/servers\` but still crashed the agent pipeline. This is the
comment after that second run (iteration 2), the same comment updated in place. The service
URL is the reference service on the runner's loopback.

Regenerate it with
\`npm run build && UPDATE_COMMENT_EXAMPLE=1 npx vitest run __tests__/action/comment-example.test.ts\`.

---

`;

const runner = new ActionRunner();
let gh: GithubStandin;
let services: ServiceUnderTest[];
let body: string;

beforeAll(async () => {
  [gh, ...services] = await Promise.all([
    startGithubStandin(),
    startService({ faults: SEED_INCIDENT, version: 'build-41' }),
    startService({ faults: HALF_FIXED, version: 'build-42' }),
  ]);
  for (const service of services) {
    const run = await runner.run({
      inputs: {
        'base-url': service.baseUrl,
        'jwt-secret': DEFAULT_SIM_SECRET,
        'wait-for-ready': '10',
      },
      event: pullRequestEvent(),
      apiUrl: gh.url,
    });
    expect(run.code).toBe(1);
  }
  const comments = gh.state.commentsOn(7);
  expect(comments).toHaveLength(1);
  body = comments[0].body;
  if (process.env.UPDATE_COMMENT_EXAMPLE === '1') writeFileSync(EXAMPLE, `${PREAMBLE}${body}\n`);
}, 60_000);

afterAll(async () => {
  await Promise.all([gh?.close(), ...(services ?? []).map((s) => s.close())]);
  runner.cleanup();
});

describe('docs/comment-example.md', () => {
  it('a fresh comment of the same story has every required section', () => {
    for (const heading of REQUIRED_HEADINGS) expect(body).toMatch(heading);
    expect(body).toMatch(/- \*\*Fixed:\*\* \d+: .*critical-path/);
  });

  it('the committed example has them too (regenerate it when this fails)', () => {
    const example = readFileSync(EXAMPLE, 'utf8');
    for (const heading of REQUIRED_HEADINGS) expect(example).toMatch(heading);
    expect(example).toContain('<!-- staging-gate:comment key=staging -->');
    expect(example).toContain('<!-- staging-gate:digest v1 ');
  });

  it('the committed example carries no secret and no token', () => {
    const example = readFileSync(EXAMPLE, 'utf8');
    expect(example).not.toContain(DEFAULT_SIM_SECRET);
    expect(example).not.toMatch(JWT_SHAPED);
  });
});
