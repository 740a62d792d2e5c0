/**
 * The footer: how to see the same failure on a laptop (the reference service with the fault
 * whose symptom matches each pattern), the `staging-gate run` line of this run without its
 * secrets, and the workflow run. The package is not on npm, so `npx staging-gate` would
 * fetch nothing or a stranger's package: the commands run the bundled `dist/cli.js` of a
 * checkout of the action, at the ref the workflow's `uses:` line names.
 */
import { redact } from '../config/redact.js';
import type { Failure, FailureCategory, Results, TestResult } from '../model.js';
import { code, fenced, link } from './markdown.js';
import { shortSha } from './units.js';

const CRITICAL_EVENTS = [
  'agent_started',
  'agent_thinking',
  'tool_executing',
  'tool_completed',
  'agent_completed',
];

/** `sim --fault` names (src/sim/faults.ts) by category; null: no fault reproduces it. */
const SIM_FAULTS: Readonly<Record<FailureCategory, ((f: Failure) => string | undefined) | null>> = {
  ws_internal_error: (f) =>
    f.stage === 'welcome' || f.stage === 'upgrade' ? 'ws-1011-on-connect' : 'ws-1011-on-agent',
  ws_abnormal_close: () => 'close-1006',
  auth_rejected: () => 'jwt-mismatch',
  auth_not_enforced: () => 'auth-not-enforced',
  service_unavailable: () => 'startup-503',
  stale_deploy: () => 'stale-version',
  missing_event: (f) => `drop-event:${firstEventNamed(f.message) ?? 'agent_thinking'}`,
  isolation_breach: () => 'cross-user-leak',
  not_found: (f) => withPath('http-404', f.message),
  http_error: (f) =>
    f.httpStatus === 500
      ? withPath('http-500', f.message)
      : f.httpStatus === 429
        ? 'rate-limit'
        : undefined,
  connection_failed: null,
  timeout: () => 'hang',
  protocol_violation: () => 'garbage-frames',
  // from the breached metrics instead, see METRIC_FAULTS
  performance_breach: null,
  // faults of the agent-ws sim do not produce these; the other protocols' sims name their own
  agent_error: null,
  stream_buffered: null,
  assertion: null,
};

/** The event a message names first: "tool_completed never came after tool_executing". */
function firstEventNamed(message: string): string | undefined {
  const named = CRITICAL_EVENTS.map((e) => [e, message.indexOf(e)] as const).filter(
    ([, at]) => at >= 0,
  );
  return named.sort((a, b) => a[1] - b[1])[0]?.[0];
}

/** A delay equal to the target pushes the p95 over it; the other metrics have no fault. */
const METRIC_FAULTS: Readonly<Partial<Record<string, string>>> = {
  api_response_ms: 'slow-api',
  ws_latency_ms: 'slow-pong',
};

function withPath(fault: string, message: string): string | undefined {
  const path = /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD)\s+(\/[^\s?#"'`),;]*)/.exec(message)?.[1];
  return path ? `${fault}:${path}` : undefined;
}

/** The sim faults that reproduce this run's failures, one per pattern, most frequent first. */
export function simFaultsFor(results: Results): string[] {
  const byId = new Map(results.tests.map((t) => [t.id, t]));
  const faults: string[] = [];
  const add = (category: FailureCategory, failure: Failure): void => {
    const fault = SIM_FAULTS[category]?.(failure);
    if (fault && !faults.includes(fault)) faults.push(fault);
  };
  if (results.readiness && !results.readiness.ready) {
    add(results.readiness.category ?? 'service_unavailable', {
      category: 'service_unavailable',
      message: results.readiness.message,
    });
  }
  for (const p of results.patterns) {
    const failure = p.tests
      .map((id) => byId.get(id))
      .find((t): t is TestResult => !!t?.failure)?.failure;
    if (failure) add(p.category, failure);
  }
  for (const m of results.metrics) {
    const fault = METRIC_FAULTS[m.name];
    if (m.status === 'breached' && fault) faults.push(`${fault}:${Math.ceil(m.target)}`);
  }
  return faults;
}

export interface ReproduceContext {
  reproduce?: string;
  runUrl?: string;
  commit?: string;
  /** `owner/name@ref`, as the workflow's `uses:` line names the action */
  action?: string;
}

/** `owner/name@ref` with nothing a shell would read as more than a word. */
const ACTION_REF = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)@([A-Za-z0-9_./-]+)$/;

/**
 * The action as the runner names it to its own step (`GITHUB_ACTION_REPOSITORY`,
 * `GITHUB_ACTION_REF`); undefined for a local `uses: ./` or outside Actions.
 */
export function actionFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const repository = env.GITHUB_ACTION_REPOSITORY?.trim();
  const ref = env.GITHUB_ACTION_REF?.trim();
  if (!repository || !ref) return undefined;
  const action = `${repository}@${ref}`;
  return ACTION_REF.test(action) ? action : undefined;
}

/** The bundled CLI, committed with the action: runs from a checkout with nothing installed. */
const CLI = 'node dist/cli.js';

function renderCheckout(action: string | undefined): string[] {
  const ref = action ? ACTION_REF.exec(action) : null;
  if (!ref) {
    return [
      `staging-gate is not on npm: run these from a checkout of the action's repository, at the ref your workflow's ${code('uses:')} line names (${code('dist/')} is committed, there is nothing to install).`,
      '',
    ];
  }
  const [, owner, name, at] = ref;
  return [
    `This run used ${code(`uses: ${owner}/${name}@${at}`)}. staging-gate is not on npm: run it from a checkout of that repository at that ref (${code('dist/')} is committed, there is nothing to install):`,
    '',
    fenced(
      `git clone https://github.com/${owner}/${name} && cd ${name} && git checkout ${at}`,
      'sh',
    ),
    '',
  ];
}

export function renderReproduce(results: Results, ctx: ReproduceContext): string {
  const out = ['### Reproduce', ''];
  const faults = simFaultsFor(results);
  const command = ctx.reproduce ?? results.reproduce;
  if (faults.length > 0 || command) out.push(...renderCheckout(ctx.action));
  if (faults.length > 0) {
    // the sim's startup lasts 3 s and then recovers: a short wait shows the same inconclusive run
    const flags = [
      faults.includes('stale-version') ? ' --expected-version local' : '',
      faults.includes('startup-503') ? ' --wait-for-ready 1' : '',
    ].join('');
    out.push(
      `Locally, against the reference service with the fault${faults.length > 1 ? 's' : ''} that produce${faults.length > 1 ? '' : 's'} the same symptom${faults.length > 1 ? 's' : ''}:`,
      '',
      fenced(
        [
          'export SIM_SECRET=local-only-secret-for-the-reference-service',
          `${CLI} sim --port 8080 --version local --jwt-secret "$SIM_SECRET" ${faults.map((f) => `--fault ${f}`).join(' ')} &`,
          `${CLI} run --base-url http://127.0.0.1:8080 --jwt-secret-env SIM_SECRET${flags}`,
        ].join('\n'),
        'sh',
      ),
      '',
    );
  }
  if (command) {
    out.push(
      'Against staging, as this run did (secrets from the environment):',
      '',
      fenced(redact(command, []).replace(/^(?:npx )?staging-gate /, `${CLI} `), 'sh'),
      '',
    );
  }
  const commit = ctx.commit ?? results.commit;
  const runUrl = ctx.runUrl ?? results.runUrl;
  const trail = [
    runUrl ? link('Workflow run', runUrl) : undefined,
    commit ? `commit ${code(shortSha(commit))}` : undefined,
    `results: ${code('results.json')}, ${code('junit.xml')}`,
  ].filter((s): s is string => !!s);
  out.push(trail.join(' · '));
  return out.join('\n');
}
