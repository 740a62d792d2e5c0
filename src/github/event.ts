/**
 * The workflow run's event as the runner provides it: `GITHUB_EVENT_NAME`, the webhook payload
 * at `GITHUB_EVENT_PATH`, `GITHUB_REPOSITORY`, `GITHUB_SHA` and the run's coordinates. Read from
 * an injected `env` so tests describe any event without touching `process.env`.
 */
import { readFileSync } from 'node:fs';

export type EventPayload = Record<string, unknown>;

export interface GithubEvent {
  eventName: string;
  owner: string;
  repo: string;
  /** `GITHUB_SHA`: for pull_request events this is the merge commit, not the PR head */
  sha: string;
  payload: EventPayload;
  /** link to this run (and attempt), for the commit status and the comment */
  runUrl?: string;
}

export class EventContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventContextError';
  }
}

export function readEventContext(env: Record<string, string | undefined>): GithubEvent {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner, repo, extra] = repository.split('/');
  if (!owner || !repo || extra !== undefined) {
    throw new EventContextError(
      `GITHUB_REPOSITORY is '${repository}', expected 'owner/repo' (not running in GitHub Actions?)`,
    );
  }
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const runId = env.GITHUB_RUN_ID;
  const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1');
  const runUrl = runId
    ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` +
      (attempt > 1 ? `/attempts/${attempt}` : '')
    : undefined;
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    owner,
    repo,
    sha: env.GITHUB_SHA ?? '',
    payload: readPayload(env.GITHUB_EVENT_PATH),
    runUrl,
  };
}

function readPayload(path: string | undefined): EventPayload {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new EventContextError(`cannot read GITHUB_EVENT_PATH ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new EventContextError(`GITHUB_EVENT_PATH ${path} is not JSON: ${(err as Error).message}`);
  }
  return isRecord(parsed) ? parsed : {};
}

/** What a deployment event says about the deployment under test, to default inputs from. */
export interface DeploymentDefaults {
  baseUrl?: string;
  environment?: string;
  sha?: string;
}

export function deploymentDefaults(event: GithubEvent): DeploymentDefaults {
  if (event.eventName !== 'deployment_status' && event.eventName !== 'deployment') return {};
  const out: DeploymentDefaults = {};
  // environment_url is empty until the deployer reports where it deployed to.
  const url = stringAt(event.payload, 'deployment_status', 'environment_url');
  if (event.eventName === 'deployment_status' && url) out.baseUrl = url;
  const environment = stringAt(event.payload, 'deployment', 'environment');
  if (environment) out.environment = environment;
  const sha = stringAt(event.payload, 'deployment', 'sha');
  if (sha) out.sha = sha;
  return out;
}

/**
 * The commit this run is about, where a status belongs and whose PR we look for. `GITHUB_SHA`
 * is wrong for several events: a pull_request's test merge commit, the default branch's tip
 * for workflow_run, the ref's tip (not the deployed commit) for deployments.
 */
export function subjectSha(event: GithubEvent): string {
  const p = event.payload;
  const candidates: Array<string | undefined> = [];
  if ('pull_request' in p) candidates.push(stringAt(p, 'pull_request', 'head', 'sha'));
  if (event.eventName === 'workflow_run') candidates.push(stringAt(p, 'workflow_run', 'head_sha'));
  if (event.eventName === 'deployment' || event.eventName === 'deployment_status') {
    candidates.push(stringAt(p, 'deployment', 'sha'));
  }
  if (event.eventName === 'push') {
    const after = stringAt(p, 'after');
    // a deleted branch pushes the all-zero sha
    if (after && !/^0+$/.test(after)) candidates.push(after);
  }
  candidates.push(event.sha);
  return candidates.find((s) => s !== undefined && s !== '') ?? '';
}

/** The value at a path of the payload, or undefined when any step is missing. */
export function valueAt(payload: unknown, ...path: Array<string | number>): unknown {
  let current: unknown = payload;
  for (const step of path) {
    if (Array.isArray(current) && typeof step === 'number') current = current[step];
    else if (isRecord(current) && typeof step === 'string') current = current[step];
    else return undefined;
  }
  return current;
}

export function stringAt(payload: unknown, ...path: Array<string | number>): string | undefined {
  const v = valueAt(payload, ...path);
  return typeof v === 'string' ? v : undefined;
}

export function numberAt(payload: unknown, ...path: Array<string | number>): number | undefined {
  const v = valueAt(payload, ...path);
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
