// Child processes of the benchmark: every one is tracked, bounded by a timeout, and killed
// when the benchmark ends, however it ends (normal exit, an exception, Ctrl-C).
import { fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const live = new Set();

function track(child) {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

export function killAll() {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

const here = (name) => fileURLToPath(new URL(name, import.meta.url));

/** Resolves when `child` exits, or kills it after `timeoutMs` and rejects. */
function exited(child, what, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what}: killed after ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/**
 * Starts the reference service in its own process (bench/sim-process.mjs), so that the
 * client under test is measured alone. `init` is startSim's options, as JSON.
 */
export function startSimProcess(init, timeoutMs = 10_000) {
  const child = track(
    fork(here('./sim-process.mjs'), [JSON.stringify(init)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    }),
  );
  const replies = [];
  const waiters = [];
  child.on('message', (msg) => {
    const waiter = waiters.shift();
    if (waiter) waiter.resolve(msg);
    else replies.push(msg);
  });
  const nextMessage = (what) =>
    new Promise((resolve, reject) => {
      const queued = replies.shift();
      if (queued) return resolve(queued);
      const timer = setTimeout(
        () => reject(new Error(`sim process: no ${what} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const entry = {
        resolve: (msg) => {
          clearTimeout(timer);
          resolve(msg);
        },
      };
      waiters.push(entry);
      child.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`sim process exited while waiting for ${what}`));
      });
    });
  return nextMessage('ready message').then((ready) => ({
    baseUrl: ready.baseUrl,
    wsUrl: ready.wsUrl,
    pid: child.pid,
    /** resets the peak of open connections and the CPU baseline */
    async mark() {
      child.send({ type: 'mark' });
      return nextMessage('mark reply');
    },
    /** { stats, peakOpen, cpuMs, wallMs } since the last mark */
    async stats() {
      child.send({ type: 'stats' });
      return nextMessage('stats reply');
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = exited(child, 'sim process', 5_000);
      child.send({ type: 'close' });
      await done.catch(() => undefined);
    },
  }));
}

/** Runs a bench script in a fresh node process and returns its last stdout line as JSON. */
export async function runJsonScript(script, arg, timeoutMs) {
  const child = track(
    spawn(process.execPath, [here(script), JSON.stringify(arg)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const { code, signal } = await exited(child, script, timeoutMs);
  const last = out.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last);
  } catch {
    const why = signal ? `signal ${signal}` : `exit ${code}`;
    throw new Error(`${script} (${why}) printed no result: ${(err || out).trim().slice(-600)}`);
  }
}

/** Spawns `node args…` tracked; the caller kills or awaits it. */
export function spawnNode(args, options) {
  return track(spawn(process.execPath, args, options));
}

export { exited };
