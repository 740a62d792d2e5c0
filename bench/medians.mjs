// `node bench/medians.mjs OUT1 OUT2 OUT3`: the median of every number in the `BENCH {json}`
// lines of several `npm run bench` outputs — what BENCHMARKS.md records.
import { readFileSync } from 'node:fs';
import { median } from './stats.mjs';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node bench/medians.mjs OUTPUT_FILE...\n');
  process.exit(3);
}
const runs = files.map((file) => {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .findLast((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`${file}: no BENCH line`);
  return JSON.parse(line.slice('BENCH '.length));
});
const out = {};
for (const key of Object.keys(runs[0])) {
  const values = runs.map((r) => r[key]);
  if (values.every((v) => typeof v === 'number')) {
    out[key] = { median: median(values), runs: values };
  }
}
out.machine = runs.map((r) => r.machine);
out.goalsMissed = runs.map((r) => r.goalsMissed);
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
