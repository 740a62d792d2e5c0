// The reference AG-UI service in a process of its own, so that the client under test is
// measured alone. Replies { port, agentUrl } over IPC, closes on `close` or a lost parent.
import { startAgUiSim } from '../.bench-tmp/src/sim/ag-ui/index.js';

const sim = await startAgUiSim(JSON.parse(process.argv[2] ?? '{}'));
process.send?.({ type: 'ready', baseUrl: sim.baseUrl, agentUrl: sim.agentUrl });
process.on('message', async (msg) => {
  if (msg?.type === 'close') {
    await sim.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
