#!/usr/bin/env node
// The `staging-gate` command: run, sim, merge, demo. Thin: it parses the command, calls the
// engine and maps its end to an exit code (0 pass, 1 fail, 2 inconclusive, 3 usage).
import { main } from './cli/main.js';
import { exitWhenFlushed } from './pipeline/cancel.js';

// Exits once the output is flushed rather than when the event loop empties: a cancelled run
// leaves sockets and timers of the tests it abandoned, which must not hold the exit.
main(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    exitWhenFlushed(3);
  },
);
