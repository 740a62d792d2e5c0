// Bundles src/index.ts (the action) and src/cli.ts (the bin) with ncc into dist/.
// ncc writes one index.js per entry; we move each to its final name so that
// action.yml's `main: dist/index.js` and package.json's `bin: dist/cli.js` stay flat.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const entries = { index: 'src/index.ts', cli: 'src/cli.ts' };
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
for (const [name, src] of Object.entries(entries)) {
  const out = mkdtempSync(join(tmpdir(), `ncc-${name}-`));
  execFileSync(
    process.execPath,
    [ncc, 'build', src, '-o', out, '--minify', '--quiet', '--target', 'es2022'],
    {
      stdio: 'inherit',
    },
  );
  const files = readdirSync(out).filter((f) => f !== 'package.json' && f !== 'index.js');
  if (files.length > 0)
    throw new Error(
      `ncc emitted assets beside ${name}.js that the build does not place: ${files.join(', ')}`,
    );
  let code = readFileSync(join(out, 'index.js'), 'utf8');
  if (name === 'cli' && !code.startsWith('#!')) code = `#!/usr/bin/env node\n${code}`;
  writeFileSync(join('dist', `${name}.js`), code, { mode: 0o755 });
  rmSync(out, { recursive: true, force: true });
}
// The bundles are ESM: this marks dist/ as such even when no package.json is above it.
writeFileSync(join('dist', 'package.json'), '{"type":"module"}\n');
