#!/usr/bin/env node
// The `staging-gate` command: run, sim, merge, demo. Thin: it parses the command, calls the
// engine and maps its end to an exit code (0 pass, 1 fail, 2 inconclusive, 3 usage).
import { main } from './cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 3;
  },
);
