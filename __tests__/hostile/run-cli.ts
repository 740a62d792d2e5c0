/**
 * Runs the bundled CLI (`node dist/cli.js run …`) as a child process, the way a person or a
 * CI job does, with nothing of the test process's environment but PATH, and measures what
 * a hostile service could make it do: how long it ran, how it exited, what it printed, and
 * its peak resident memory (reported by a preload from `process.resourceUsage()` at exit).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '..', '..');
export const CLI_ENTRY = join(ROOT, 'dist', 'cli.js');
const PEAK_RSS_PRELOAD = pathToFileURL(join(HERE, 'fixtures', 'report-peak-rss.mjs')).href;

/** Kept of each stream: enough for the tail of the results table and any stack trace. */
const MAX_CAPTURE = 256 * 1024;

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** the child outlived `killAfterMs` and was killed */
  killed: boolean;
  wallMs: number;
  stdout: string;
  stderr: string;
  resultsDir: string;
  /** peak resident set size, MiB; undefined when the child never reached its exit handler */
  peakRssMb?: number;
}

export interface CliOptions {
  args: string[];
  env?: Record<string, string>;
  /** a hard stop, far beyond anything the CLI should take */
  killAfterMs: number;
}

export function runCli(opts: CliOptions): Promise<CliRun> {
  const work = mkdtempSync(join(tmpdir(), 'sg-hostile-'));
  const resultsDir = join(work, 'results');
  const rssFile = join(work, 'peak-rss');
  const child = spawn(
    process.execPath,
    ['--import', PEAK_RSS_PRELOAD, CLI_ENTRY, 'run', ...opts.args, '--results-dir', resultsDir],
    {
      cwd: work,
      env: { PATH: process.env.PATH ?? '', SG_PEAK_RSS_FILE: rssFile, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const started = performance.now();
  let stdout = '';
  let stderr = '';
  child.stdout.on(
    'data',
    (c: Buffer) => (stdout = (stdout + c.toString('utf8')).slice(-MAX_CAPTURE)),
  );
  child.stderr.on(
    'data',
    (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-MAX_CAPTURE)),
  );
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, opts.killAfterMs);
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const run: CliRun = {
        code,
        signal,
        killed,
        wallMs: performance.now() - started,
        stdout,
        stderr,
        resultsDir,
      };
      if (existsSync(rssFile)) run.peakRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
      done(run);
    });
  });
}

/** The lines of `text` that look like a JavaScript stack frame. */
export function stackFrames(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/.test(line));
}
