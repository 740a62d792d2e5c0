/**
 * Runs the bundled action (`dist/index.js`) the way the Actions runner does: a fresh node
 * process in a workspace directory, inputs as `INPUT_<NAME>` (hyphens kept) with every
 * action.yml default filled in, the event payload at `GITHUB_EVENT_PATH`, outputs and the job
 * summary through files. Nothing of the test process's own environment leaks in.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ACTIONS_TOKEN } from '../support/github-standin.js';
import { FULL_NAME, type RunnerEvent } from './events.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ACTION_ENTRY = join(ROOT, 'dist', 'index.js');
export const CLI_ENTRY = join(ROOT, 'dist', 'cli.js');

interface ActionYml {
  inputs: Record<string, { default?: string; description?: string; required?: boolean }>;
  outputs: Record<string, { description?: string }>;
}

export function readActionYml(): ActionYml {
  return parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
}

/** The inputs the runner sets although the workflow omits them, with `${{ github.token }}` resolved. */
export function runnerDefaults(githubToken: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(readActionYml().inputs)) {
    if (spec.default === undefined) continue;
    out[name] = String(spec.default).replace(/\$\{\{\s*github\.token\s*\}\}/g, githubToken);
  }
  return out;
}

/** `INPUT_BASE-URL`: upper case, spaces to underscores, hyphens kept (as the runner does). */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export interface RunActionOptions {
  /** the step's `with:` block */
  inputs: Record<string, string>;
  event: RunnerEvent;
  /** the stand-in's URL (`GITHUB_API_URL`); GraphQL is served at `<url>/graphql` */
  apiUrl: string;
  /** what `${{ github.token }}` evaluates to */
  githubToken?: string;
  /** extra environment for the step */
  env?: Record<string, string>;
  /** the process is killed after this long; the result says so */
  timeoutMs?: number;
  /** files written into the workspace first, by relative path (e.g. a suite-config) */
  files?: Record<string, string>;
  /**
   * run `node <entry> ...args` in a plain shell environment instead of the action (the CLI,
   * for the secrets scan): no INPUT_*, no GITHUB_*
   */
  command?: { entry: string; args: string[] };
  /** sends `signal` once stdout matches `when` (a run in progress), as the runner does on cancel */
  interrupt?: { when: RegExp; signal: NodeJS.Signals };
}

export interface ActionRun {
  code: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT parsed */
  outputs: Record<string, string>;
  /** GITHUB_OUTPUT as written */
  outputFile: string;
  /** GITHUB_STEP_SUMMARY as written */
  summary: string;
  /** the step's working directory (GITHUB_WORKSPACE) */
  workspace: string;
  runnerTemp: string;
  /** every directory this run could have written to */
  dirs: string[];
  /** ms from the interrupt's signal to the process's exit, when one was sent */
  exitAfterSignalMs?: number;
}

/** One temporary root per test file; `cleanup()` in afterAll removes every run's directories. */
export class ActionRunner {
  private readonly root = mkdtempSync(join(tmpdir(), 'staging-gate-action-'));
  private count = 0;

  async run(o: RunActionOptions): Promise<ActionRun> {
    const dir = join(this.root, `run-${++this.count}`);
    const workspace = join(dir, 'workspace');
    const runnerTemp = join(dir, 'runner-temp');
    const files = join(dir, 'runner-files');
    for (const d of [workspace, runnerTemp, files]) mkdirSync(d, { recursive: true });
    const outputPath = join(files, 'output.txt');
    const summaryPath = join(files, 'step-summary.md');
    const eventPath = join(files, 'event.json');
    writeFileSync(outputPath, '');
    writeFileSync(summaryPath, '');
    writeFileSync(eventPath, JSON.stringify(o.event.payload, null, 2));
    for (const [name, text] of Object.entries(o.files ?? {})) {
      mkdirSync(dirname(join(workspace, name)), { recursive: true });
      writeFileSync(join(workspace, name), text);
    }

    const token = o.githubToken ?? ACTIONS_TOKEN;
    const shell = { PATH: process.env.PATH ?? '', HOME: dir };
    const env: Record<string, string> = o.command
      ? { ...shell, ...o.env }
      : runnerEnv(o, { shell, eventPath, outputPath, summaryPath, workspace, runnerTemp, token });
    const entry = o.command?.entry ?? ACTION_ENTRY;
    const args = o.command?.args ?? [];
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
    const done = await spawnBounded(
      entry,
      args,
      { cwd: workspace, env },
      o.timeoutMs ?? 30_000,
      o.interrupt,
    );
    const outputFile = readFileSync(outputPath, 'utf8');
    return {
      ...done,
      outputs: parseOutputFile(outputFile),
      outputFile,
      summary: readFileSync(summaryPath, 'utf8'),
      workspace,
      runnerTemp,
      dirs: [dir],
    };
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

interface RunnerFiles {
  shell: Record<string, string>;
  eventPath: string;
  outputPath: string;
  summaryPath: string;
  workspace: string;
  runnerTemp: string;
  token: string;
}

/** What the runner puts in a JavaScript action's environment (the parts an action reads). */
function runnerEnv(o: RunActionOptions, f: RunnerFiles): Record<string, string> {
  const env: Record<string, string> = {
    ...f.shell,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: o.event.name,
    GITHUB_EVENT_PATH: f.eventPath,
    GITHUB_REPOSITORY: FULL_NAME,
    GITHUB_REPOSITORY_OWNER: FULL_NAME.split('/')[0],
    GITHUB_SHA: o.event.sha,
    GITHUB_REF: 'refs/heads/feature-7',
    GITHUB_WORKFLOW: 'Deploy',
    GITHUB_JOB: 'gate',
    GITHUB_ACTOR: 'octocat',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '12',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: o.apiUrl,
    GITHUB_GRAPHQL_URL: `${o.apiUrl}/graphql`,
    GITHUB_WORKSPACE: f.workspace,
    GITHUB_OUTPUT: f.outputPath,
    GITHUB_STEP_SUMMARY: f.summaryPath,
    RUNNER_TEMP: f.runnerTemp,
    RUNNER_OS: 'Linux',
    ...o.env,
  };
  const inputs = { ...runnerDefaults(f.token), ...o.inputs };
  for (const [name, value] of Object.entries(inputs)) env[inputEnvName(name)] = value;
  return env;
}

function spawnBounded(
  entry: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string> },
  timeoutMs: number,
  interrupt?: RunActionOptions['interrupt'],
): Promise<{
  code: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  exitAfterSignalMs?: number;
}> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let signalledAt: number | undefined;
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      if (
        interrupt &&
        signalledAt === undefined &&
        interrupt.when.test(Buffer.concat(out).toString())
      ) {
        signalledAt = Date.now();
        child.kill(interrupt.signal);
      }
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ...(signalledAt !== undefined ? { exitAfterSignalMs: Date.now() - signalledAt } : {}),
      });
    });
  });
}

/**
 * The runner's GITHUB_OUTPUT grammar: `name<<DELIMITER`, value lines, `DELIMITER`; or the
 * single-line `name=value`. Anything else is a broken file and throws.
 */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
      if (i >= lines.length) throw new Error(`GITHUB_OUTPUT: '${name}' is never closed`);
      out[name] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`GITHUB_OUTPUT: cannot parse line '${line}'`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** The workflow commands (`::error::`, `::warning::` …) the step printed, by command. */
export function workflowCommands(stdout: string, command: string): string[] {
  const prefix = new RegExp(`^::${command}(?: [^:]*)?::`);
  return stdout
    .split(/\r?\n/)
    .filter((l) => prefix.test(l))
    .map((l) => l.replace(prefix, ''));
}

/** The runner's escaping of workflow command data, undone (`%25`, `%0D`, `%0A`). */
export function unescapeCommandData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
