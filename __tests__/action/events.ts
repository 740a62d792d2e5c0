/**
 * Webhook payloads shaped like the ones GitHub writes to GITHUB_EVENT_PATH (trimmed to the
 * fields an action could read, but with the nesting and types GitHub uses), for the events
 * a post-deploy gate runs on: pull_request, push, deployment_status and workflow_run.
 */

export const OWNER = 'acme';
export const REPO = 'web';
export const FULL_NAME = `${OWNER}/${REPO}`;
export const REPOSITORY_ID = 123456;
/** The head commit of PR 7 in the stand-in's default state. */
export const PR_HEAD_SHA = 'a'.repeat(40);
/** `GITHUB_SHA` of a pull_request run: the test merge commit, never the head. */
export const MERGE_SHA = 'b'.repeat(40);

export interface RunnerEvent {
  name: string;
  payload: Record<string, unknown>;
  /** `GITHUB_SHA` as the runner sets it for this event */
  sha: string;
}

function repository(fullName = FULL_NAME, id = REPOSITORY_ID): Record<string, unknown> {
  const [owner, name] = fullName.split('/');
  return {
    id,
    node_id: `R_${id}`,
    name,
    full_name: fullName,
    private: false,
    owner: { login: owner, id: 1, type: 'Organization' },
    html_url: `https://github.com/${fullName}`,
    url: `https://api.github.com/repos/${fullName}`,
    default_branch: 'main',
  };
}

const sender = { login: 'octocat', id: 583231, type: 'User' };

function pullRequestObject(number: number, headSha: string, headRepo = FULL_NAME) {
  return {
    url: `https://api.github.com/repos/${FULL_NAME}/pulls/${number}`,
    id: 900_000 + number,
    number,
    state: 'open',
    title: 'Make the agent pipeline stream tool events',
    user: sender,
    html_url: `https://github.com/${FULL_NAME}/pull/${number}`,
    head: {
      label: `${headRepo.split('/')[0]}:feature-${number}`,
      ref: `feature-${number}`,
      sha: headSha,
      repo: repository(headRepo, headRepo === FULL_NAME ? REPOSITORY_ID : 654321),
    },
    base: { label: `${OWNER}:main`, ref: 'main', sha: 'c'.repeat(40), repo: repository() },
    merged: false,
    draft: false,
  };
}

export function pullRequestEvent(number = 7, headSha = PR_HEAD_SHA): RunnerEvent {
  return {
    name: 'pull_request',
    sha: MERGE_SHA,
    payload: {
      action: 'synchronize',
      number,
      pull_request: pullRequestObject(number, headSha),
      before: 'd'.repeat(40),
      after: headSha,
      repository: repository(),
      sender,
    },
  };
}

export function pushEvent(after: string): RunnerEvent {
  return {
    name: 'push',
    sha: after,
    payload: {
      ref: 'refs/heads/feature-7',
      before: 'd'.repeat(40),
      after,
      created: false,
      deleted: false,
      forced: false,
      compare: `https://github.com/${FULL_NAME}/compare/dddddddddddd...${after.slice(0, 12)}`,
      commits: [{ id: after, message: 'Fix the agent pipeline', distinct: true }],
      head_commit: { id: after, message: 'Fix the agent pipeline' },
      repository: repository(),
      pusher: { name: 'octocat', email: 'octocat@example.com' },
      sender,
    },
  };
}

export interface DeploymentStatusInit {
  sha: string;
  environment: string;
  /** the deployed URL; GitHub sends '' until the deployer reports one */
  environmentUrl: string;
  state?: 'success' | 'failure' | 'in_progress';
}

export function deploymentStatusEvent(o: DeploymentStatusInit): RunnerEvent {
  const deployment = {
    url: `https://api.github.com/repos/${FULL_NAME}/deployments/5150`,
    id: 5150,
    sha: o.sha,
    ref: 'feature-7',
    task: 'deploy',
    payload: {},
    environment: o.environment,
    description: null,
    creator: sender,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
  };
  return {
    // a deployment_status run checks out the deployment's ref: GITHUB_SHA is the ref's tip
    name: 'deployment_status',
    sha: 'e'.repeat(40),
    payload: {
      action: 'created',
      deployment_status: {
        url: `${deployment.url}/statuses/1`,
        id: 1,
        state: o.state ?? 'success',
        description: 'Deployed',
        environment: o.environment,
        environment_url: o.environmentUrl,
        log_url: '',
        target_url: '',
        creator: sender,
        created_at: '2025-01-01T00:01:00Z',
      },
      deployment,
      repository: repository(),
      sender,
    },
  };
}

export interface WorkflowRunInit {
  headSha: string;
  /** what GitHub lists in `workflow_run.pull_requests`: empty for a fork's PR */
  pullRequests: Array<{ number: number; headSha: string }>;
  conclusion?: 'success' | 'failure';
}

export function workflowRunEvent(o: WorkflowRunInit): RunnerEvent {
  return {
    name: 'workflow_run',
    // a workflow_run run is on the default branch: GITHUB_SHA is its tip, not the PR's
    sha: 'f'.repeat(40),
    payload: {
      action: 'completed',
      workflow_run: {
        id: 777,
        name: 'Deploy',
        event: 'pull_request',
        status: 'completed',
        conclusion: o.conclusion ?? 'success',
        head_branch: 'feature-7',
        head_sha: o.headSha,
        run_number: 12,
        pull_requests: o.pullRequests.map((pr) => ({
          url: `https://api.github.com/repos/${FULL_NAME}/pulls/${pr.number}`,
          id: 900_000 + pr.number,
          number: pr.number,
          head: {
            ref: 'feature-7',
            sha: pr.headSha,
            repo: {
              id: REPOSITORY_ID,
              url: `https://api.github.com/repos/${FULL_NAME}`,
              name: REPO,
            },
          },
          base: {
            ref: 'main',
            sha: 'c'.repeat(40),
            repo: {
              id: REPOSITORY_ID,
              url: `https://api.github.com/repos/${FULL_NAME}`,
              name: REPO,
            },
          },
        })),
        repository: repository(),
        head_repository: repository(),
      },
      workflow: { id: 99, name: 'Deploy', path: '.github/workflows/deploy.yml' },
      repository: repository(),
      sender,
    },
  };
}
