// The action's entry point: the runner executes dist/index.js, which only calls run().
import { run } from './main.js';
import { exitWhenFlushed } from './pipeline/cancel.js';

// A cancelled run leaves the sockets and timers of the tests it abandoned: exit once the
// files and output are written instead of waiting for them.
void run().then((end) => {
  if (end.cancelled) exitWhenFlushed(process.exitCode === undefined ? 0 : Number(process.exitCode));
});
