// 4. Cold start and size. `node dist/index.js` (the action as the runner starts it) from
// spawn to its first request at a loopback listener, and to its exit on a bad input,
// against `node -e 0` spawned the same way: the difference is what loading and starting
// the bundle costs. Runs are interleaved so that a busy moment hits all three alike.
import { createServer } from 'node:http';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { exited, spawnNode } from './children.mjs';
import { median } from './stats.mjs';

const REPS = 7;
const SPAWN_TIMEOUT_MS = 15_000;

/** Every byte under `dir`. */
export function folderBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

/**
 * A copy of dist/ taken when no build is writing it: the lead may rebuild dist/ while the
 * bench runs, and a half-written bundle would measure nothing. Returns the copy's folder.
 */
export async function snapshotDist(root, waitMs = 60_000) {
  const dist = join(root, 'dist');
  const copy = join(root, '.bench-tmp', 'dist');
  const files = ['index.js', 'cli.js', 'package.json'];
  const read = () => files.map((f) => readFileSync(join(dist, f)));
  const until = performance.now() + waitMs;
  while (performance.now() < until) {
    if (files.every((f) => existsSync(join(dist, f)))) {
      try {
        const before = read();
        await sleep(500);
        const after = read();
        if (before.every((b, i) => b.equals(after[i]))) {
          rmSync(copy, { recursive: true, force: true });
          cpSync(dist, copy, { recursive: true });
          return copy;
        }
      } catch {
        // a file vanished between the checks: a build is running, look again
      }
    }
    await sleep(1_000);
  }
  throw new Error(
    `dist/ is missing or still being written after ${waitMs / 1000} s: run \`npm run build\``,
  );
}

/** Only what node needs plus the action's inputs: no GITHUB_* file a run could write to. */
function actionEnv(inputs) {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

async function timeToExit(args, env) {
  const started = performance.now();
  const child = spawnNode(args, { stdio: 'ignore', env });
  await exited(child, `node ${args.join(' ')}`, SPAWN_TIMEOUT_MS);
  return performance.now() - started;
}

/** Spawn → first HTTP request received; the child is killed as soon as it asks. */
async function timeToFirstRequest(dist, resultsDir) {
  let onRequest;
  const asked = new Promise((resolve) => (onRequest = resolve));
  const server = createServer((req, res) => {
    onRequest(performance.now());
    res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"starting"}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const env = actionEnv({
    'base-url': `http://127.0.0.1:${port}`,
    'jwt-secret': 'bench-cold-start-secret-0123456789abcdef',
    'wait-for-ready': '5',
    'results-dir': resultsDir,
    comment: 'off',
  });
  const started = performance.now();
  const child = spawnNode([join(dist, 'index.js')], { stdio: 'ignore', env });
  const done = exited(child, 'node dist/index.js', SPAWN_TIMEOUT_MS);
  try {
    const at = await Promise.race([asked, done.then(() => NaN)]);
    if (Number.isNaN(at)) throw new Error('node dist/index.js exited before its first request');
    return at - started;
  } finally {
    child.kill('SIGKILL');
    await done.catch(() => undefined);
    await new Promise((resolve) => server.close(resolve));
  }
}

/** `dist` is the snapshot from `snapshotDist`. */
export async function coldStartPhase(root, dist) {
  const resultsDir = join(root, '.bench-tmp', 'cold-start-results');
  const bare = [];
  const firstRequest = [];
  const badInput = [];
  for (let i = 0; i < REPS; i++) {
    bare.push(await timeToExit(['-e', '0'], actionEnv({})));
    firstRequest.push(await timeToFirstRequest(dist, resultsDir));
    // no base-url: an input error, reported and exited on before any request
    badInput.push(
      await timeToExit([join(dist, 'index.js')], actionEnv({ 'results-dir': resultsDir })),
    );
  }
  const nodeMs = median(bare);
  return {
    nodeMs,
    firstRequestMs: median(firstRequest),
    badInputExitMs: median(badInput),
    coldStartOverheadMs: median(firstRequest) - nodeMs,
    badInputOverheadMs: median(badInput) - nodeMs,
    distBytes: folderBytes(dist),
    indexBytes: statSync(join(dist, 'index.js')).size,
  };
}
