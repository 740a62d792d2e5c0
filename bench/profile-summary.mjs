// `node bench/profile-summary.mjs FILE.cpuprofile [top]`: where a `node --cpu-prof` profile
// spends its time — self time by function and by source file, heaviest first. A reading aid
// for BENCHMARKS.md, not part of `npm run bench`.
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.mjs FILE.cpuprofile [top]\n');
  process.exit(3);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

const shortUrl = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, 'node_modules/')
    .replace(/.*\/\.bench-tmp\//, '')
    .replace(/.*\/bench\//, 'bench/') || '(native)';

const byFunction = new Map();
const byFile = new Map();
for (const [id, us] of selfUs) {
  const { callFrame } = byId.get(id);
  const where = shortUrl(callFrame.url);
  const name = `${callFrame.functionName || '(anonymous)'}  ${where}:${callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  const fileKey = where.startsWith('node_modules/')
    ? where
        .split('/')
        .slice(0, where.startsWith('node_modules/@') ? 3 : 2)
        .join('/')
    : where;
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
}

const print = (title, map) => {
  process.stdout.write(`\n${title}\n`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    const pct = ((100 * us) / totalUs).toFixed(1).padStart(5);
    process.stdout.write(`  ${pct} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}\n`);
  }
};
process.stdout.write(`${file}: ${(totalUs / 1000).toFixed(0)} ms sampled\n`);
print('self time by file or package', byFile);
print('self time by function', byFunction);
