// The AG-UI phase of `npm run bench`, every number from this run, all on 127.0.0.1:
//  - TTFT fidelity: the gate's time_to_first_token_ms with an injected first-token delay D
//    against a bare node:http + eventsource-parser client's TTFT with none (the round trip):
//    vsInjected = gate median − (bare median + D); and, since a loaded machine fires the sim's
//    timer late, error = gate − a bare client on the same delayed stream. Goal |…| ≤ 2 ms.
//  - scale: 1,000 concurrent SSE runs, the gate's concurrency test against the bare client on
//    the same sim, each in a fresh process: ratio of runs/s ≥ 0.8, 0 errors, gate RSS ≤ 250 MB.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const SECRET = 'staging-gate-sim-development-secret-0123456789';
const DELAY_MS = 100;
const RUNS = 40;
const SCALE_N = 1_000;

function child(file, args, timeoutMs) {
  const proc = fork(here(file), [JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  proc.once('exit', () => clearTimeout(timer));
  return proc;
}

async function sim(init) {
  const proc = child('./ag-ui-sim-process.mjs', init, 150_000);
  const ready = await new Promise((resolve, reject) => {
    proc.once('message', resolve);
    proc.once('exit', () => reject(new Error('the AG-UI sim exited before it was ready')));
  });
  return { ...ready, close: () => proc.connected && proc.send({ type: 'close' }) };
}

async function measure(args) {
  const proc = child('./ag-ui-client.mjs', { secret: SECRET, ...args }, 100_000);
  let out = '';
  proc.stdout.on('data', (c) => (out += c));
  await new Promise((resolve) => proc.once('exit', resolve));
  const line = out.trim().split('\n').pop();
  if (!line) throw new Error(`ag-ui client ${args.kind}/${args.mode} printed nothing`);
  return JSON.parse(line);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function agUiPhase() {
  // no pauses between events: what is timed is the injected delay and the round trip
  const plain = await sim({ eventSpacingMs: 0 });
  const delayed = await sim({ eventSpacingMs: 0, firstTokenDelayMs: DELAY_MS });
  let ttft;
  try {
    const m = await measure({
      kind: 'ttft',
      runs: RUNS,
      agentUrl: plain.agentUrl,
      delayedUrl: delayed.agentUrl,
    });
    const bareMs = median(m.bare);
    const gateMs = median(m.gate);
    const bareDelayedMs = median(m.bareDelayed);
    ttft = {
      delayMs: DELAY_MS,
      runs: RUNS,
      bareMs,
      gateNoDelayMs: median(m.gateNoDelay),
      bareDelayedMs,
      gateMs,
      // the goal: the gate's TTFT is the injected delay plus the bare round trip
      vsInjectedMs: gateMs - (bareMs + DELAY_MS),
      // what the sim's own timer added to the delay (a loaded machine fires timers late)
      simTimerLateMs: bareDelayedMs - (bareMs + DELAY_MS),
      // the gate's own measuring error: against a bare client on the same delayed stream
      errorMs: gateMs - bareDelayedMs,
    };
  } finally {
    plain.close();
    delayed.close();
  }
  const load = await sim({ eventSpacingMs: 2 });
  try {
    const bare = await measure({ kind: 'scale', mode: 'bare', n: SCALE_N, ...load });
    const gate = await measure({ kind: 'scale', mode: 'gate', n: SCALE_N, ...load });
    return {
      ttft,
      scale: { n: SCALE_N, gate, bare, ratio: gate.runsPerSec / bare.runsPerSec },
    };
  } finally {
    load.close();
  }
}

// `node bench/ag-ui-phase.mjs` runs the phase alone (after bench/run.mjs transpiled src/)
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { compileSources } = await import('./compile.mjs');
  compileSources(fileURLToPath(new URL('..', import.meta.url)));
  const result = await agUiPhase();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
