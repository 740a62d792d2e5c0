// The reference service in a process of its own, driven over IPC by bench/children.mjs.
// It samples its open connections to report their peak, and its CPU time since the last
// `mark`, so that the benchmark can show whether the service or the client is the limit.
import { startSim } from '../.bench-tmp/src/sim/index.js';

const init = JSON.parse(process.argv[2] ?? '{}');
const sim = await startSim(init);

let peakOpen = 0;
let cpuAt = process.cpuUsage();
let wallAt = performance.now();
const sampler = setInterval(() => {
  peakOpen = Math.max(peakOpen, sim.stats().connectionsOpen);
}, 5);

const reply = (msg) => process.send?.(msg);
process.on('message', async (msg) => {
  if (msg?.type === 'mark') {
    peakOpen = 0;
    cpuAt = process.cpuUsage();
    wallAt = performance.now();
    reply({ type: 'marked' });
  } else if (msg?.type === 'stats') {
    const cpu = process.cpuUsage(cpuAt);
    reply({
      type: 'stats',
      stats: sim.stats(),
      peakOpen,
      cpuMs: (cpu.user + cpu.system) / 1000,
      wallMs: performance.now() - wallAt,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    });
  } else if (msg?.type === 'close') {
    clearInterval(sampler);
    await sim.close();
    process.exit(0);
  }
});
// the benchmark died: do not outlive it
process.on('disconnect', () => process.exit(0));

reply({ type: 'ready', baseUrl: sim.baseUrl, wsUrl: sim.wsUrl });
