/**
 * Secrets never leave. With a recognisable JWT secret, the bundled action (and the CLI) runs
 * against a healthy service and against services that fail in every way that tempts a
 * reporter to quote what it saw: 1011 mid-run, a secret mismatch, auth not enforced, a
 * redirect that echoes the request target, junk frames, and a hostile service that echoes
 * every token back in bodies, headers and frames. Then every byte the run printed, wrote or
 * sent to GitHub is scanned for the secret, for every token the service was sent, and for
 * anything JWT-shaped. `::add-mask::` lines are the one allowed place: the runner eats them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTIONS_TOKEN,
  startGithubStandin,
  type GithubStandin,
} from '../support/github-standin.js';
import { startEchoService } from './echo-service.js';
import { pullRequestEvent } from './events.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';
import { ActionRunner, CLI_ENTRY, type ActionRun } from './run-action.js';
import {
  credentialsSent,
  filesUnder,
  findLeaks,
  maskedValues,
  withoutMaskCommands,
  type Text,
} from './secret-scan.js';
import { startService } from './service.js';

const SECRET = `SG-SECRET-${randomBytes(40).toString('base64url').slice(0, 40)}`;
const SECRET_ENV = 'STAGING_JWT_SECRET';

interface Target {
  name: string;
  /** a reference-service fault, or the hostile echo service */
  faults?: string[];
  echo?: boolean;
  /** where the WebSocket token travels (suite-config `authTransport`) */
  transport?: 'header' | 'query' | 'subprotocol';
  cli?: boolean;
  modules?: string;
}

/** The modules that send tokens: enough to exercise every credential path, quickly. */
const TOKEN_MODULES = 'auth,websocket-events,message-flow,agent-pipeline,threads';

const TARGETS: Target[] = [
  { name: 'healthy, full P1 suite' },
  { name: 'ws-1011-on-agent', faults: ['ws-1011-on-agent'] },
  { name: 'jwt-mismatch', faults: ['jwt-mismatch'], modules: TOKEN_MODULES },
  { name: 'auth-not-enforced', faults: ['auth-not-enforced'], modules: TOKEN_MODULES },
  {
    name: 'cross-user-leak, token in the query',
    faults: ['cross-user-leak'],
    transport: 'query',
    modules: TOKEN_MODULES,
  },
  { name: 'garbage-frames', faults: ['garbage-frames'], modules: TOKEN_MODULES },
  { name: 'echo service, header', echo: true, modules: TOKEN_MODULES },
  { name: 'echo service, query', echo: true, transport: 'query', modules: TOKEN_MODULES },
  {
    name: 'echo service, subprotocol',
    echo: true,
    transport: 'subprotocol',
    modules: TOKEN_MODULES,
  },
  { name: 'CLI: ws-1011-on-agent', faults: ['ws-1011-on-agent'], cli: true },
  {
    name: 'CLI: echo service, query',
    echo: true,
    transport: 'query',
    cli: true,
    modules: TOKEN_MODULES,
  },
];

interface Scanned {
  target: Target;
  run: ActionRun;
  gh: GithubStandin;
  proxy: RecordingProxy;
}

const runner = new ActionRunner();
const opened: Array<{ close(): Promise<void> }> = [];
let scanned: Scanned[];

async function serviceFor(t: Target): Promise<RecordingProxy> {
  if (t.echo) {
    const echo = await startEchoService();
    const port = Number(new URL(echo.baseUrl).port);
    const proxy = await startRecordingProxy(port);
    opened.push(proxy, echo);
    return proxy;
  }
  const service = await startService({ faults: t.faults ?? [], jwtSecret: SECRET });
  opened.push(service);
  return service.proxy;
}

async function scan(t: Target): Promise<Scanned> {
  const [gh, proxy] = await Promise.all([startGithubStandin(), serviceFor(t)]);
  opened.push(gh);
  const files = t.transport ? { 'suite.yml': `authTransport: ${t.transport}\n` } : undefined;
  const common = {
    'base-url': proxy.baseUrl,
    'wait-for-ready': '5',
    'perf-gate': 'warn',
    timeout: '60',
    ...(t.modules ? { modules: t.modules } : {}),
    ...(files ? { 'suite-config': 'suite.yml' } : {}),
  };
  const run = t.cli
    ? await runner.run({
        inputs: {},
        event: pullRequestEvent(),
        apiUrl: gh.url,
        ...(files ? { files } : {}),
        env: { [SECRET_ENV]: SECRET },
        command: {
          entry: CLI_ENTRY,
          args: [
            'run',
            '--jwt-secret-env',
            SECRET_ENV,
            ...Object.entries(common).flatMap(([k, v]) => [`--${k}`, v]),
          ],
        },
      })
    : await runner.run({
        inputs: { ...common, 'jwt-secret': SECRET, 'commit-status': 'true' },
        event: pullRequestEvent(),
        apiUrl: gh.url,
        ...(files ? { files } : {}),
      });
  return { target: t, run, gh, proxy };
}

beforeAll(async () => {
  scanned = await Promise.all(TARGETS.map(scan));
}, 90_000);

afterAll(async () => {
  await Promise.all(opened.map((o) => o.close()));
  runner.cleanup();
});

/** Every byte of a run, minus the `::add-mask::` lines of the action. */
function everything(s: Scanned): Text[] {
  const stdout = s.target.cli ? s.run.stdout : withoutMaskCommands(s.run.stdout);
  return [
    { where: 'stdout', text: stdout },
    { where: 'stderr', text: s.run.stderr },
    ...s.run.dirs.flatMap(filesUnder),
    ...s.gh.requests.map((r) => ({
      where: `request to GitHub ${r.method} ${r.path}`,
      text: `${r.url}\n${JSON.stringify(r.body ?? null)}`,
    })),
  ];
}

function needlesOf(s: Scanned): Record<string, string> {
  const needles: Record<string, string> = {
    'the JWT secret': SECRET,
    'the github-token': ACTIONS_TOKEN,
  };
  credentialsSent(s.proxy.clientText()).forEach((c, i) => {
    needles[`credential #${i + 1} sent to the service`] = c;
    // a JWT cut short by a truncated excerpt still must not show its signature
    const signature = c.split('.')[2];
    if (signature && signature.length >= 16)
      needles[`signature of credential #${i + 1}`] = signature;
  });
  return needles;
}

describe.each(TARGETS.map((t, i) => [t.name, i] as const))('%s', (_name, i) => {
  it('ran to a verdict, and the service was sent credentials to leak', () => {
    const s = scanned[i];
    expect(s.run.timedOut).toBe(false);
    expect([0, 1]).toContain(s.run.code);
    expect(credentialsSent(s.proxy.clientText()).length).toBeGreaterThan(0);
    if (s.target.transport === 'query') expect(s.proxy.clientText()).toMatch(/[?&]token=eyJ/);
    if (s.target.transport === 'subprotocol')
      expect(s.proxy.clientText()).toMatch(/jwt\.[\w-]{16,}/);
    if (s.target.echo) {
      // the service did echo them back, and what the run kept of it is masked
      const kept = s.run.dirs
        .flatMap(filesUnder)
        .map((f) => f.text)
        .join('\n');
      expect(kept).toContain('Bearer ***');
    }
    if (!s.target.cli) {
      expect(s.gh.state.comments.length).toBe(1);
      expect(s.gh.state.statuses.length).toBe(1);
    }
  });

  it('no byte printed, written or sent to GitHub carries a secret, a token or a JWT', () => {
    const s = scanned[i];
    expect(findLeaks(everything(s), needlesOf(s))).toEqual([]);
  });

  it('::add-mask:: announces the secret first and every token it sends (action only)', () => {
    const s = scanned[i];
    if (s.target.cli) {
      expect(s.run.stdout).not.toContain('::add-mask::');
      return;
    }
    const lines = s.run.stdout.split('\n');
    expect(lines[0]).toBe(`::add-mask::${SECRET}`);
    const masked = maskedValues(s.run.stdout);
    expect(masked.has(ACTIONS_TOKEN)).toBe(true);
    // every token the service was sent was registered with the runner's masker too
    const tokens = credentialsSent(s.proxy.clientText()).filter((c) => c.startsWith('eyJ'));
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.filter((t) => !masked.has(t))).toEqual([]);
  });
});

describe('the scan itself', () => {
  it('finds a secret, a token and a JWT where they are, including inside base64', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    const texts: Text[] = [
      { where: 'a', text: `line with ${SECRET} in it` },
      { where: 'b', text: `digest ${Buffer.from(`{"x":"${SECRET}"}`).toString('base64url')} -->` },
      { where: 'c', text: `Authorization: Bearer ${jwt}` },
      { where: 'd', text: 'nothing here' },
    ];
    const leaks = findLeaks(texts, { secret: SECRET });
    expect(leaks.map((l) => `${l.where.split(' ')[0]}:${l.what}`).sort()).toEqual([
      'a:secret',
      'b:secret',
      'c:JWT-shaped',
    ]);
    expect(
      credentialsSent(`GET /ws?token=${jwt} HTTP/1.1\r\nAuthorization: Bearer ${jwt}\r\n`),
    ).toContain(jwt);
  });
});
