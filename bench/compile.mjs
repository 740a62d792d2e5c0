// Transpiles src/**/*.ts into .bench-tmp/src/ (one .js per .ts, imports unchanged) so that the
// benchmark can reach the engine's internals (runGate, startSim), which dist/ does not export.
// Per-file transpiling takes a second or two where an ncc bundle takes close to a minute on
// two busy cores; files already newer than their source are kept.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const OPTIONS = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  isolatedModules: true,
  sourceMap: false,
};

function* tsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** Returns the output folder; `root` is the repository. */
export function compileSources(root, outRoot = join(root, '.bench-tmp')) {
  const srcRoot = join(root, 'src');
  let compiled = 0;
  for (const file of tsFiles(srcRoot)) {
    const out = join(outRoot, 'src', relative(srcRoot, file)).replace(/\.ts$/, '.js');
    let fresh = false;
    try {
      fresh = statSync(out).mtimeMs >= statSync(file).mtimeMs;
    } catch {
      fresh = false;
    }
    if (fresh) continue;
    const { outputText, diagnostics } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: OPTIONS,
      fileName: file,
      reportDiagnostics: true,
    });
    if (diagnostics && diagnostics.length > 0) {
      const text = ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n');
      throw new Error(`bench: cannot transpile ${relative(root, file)}: ${text}`);
    }
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
    compiled += 1;
  }
  // the repository's package.json says "type": "module"; this keeps it so if copied elsewhere
  writeFileSync(join(outRoot, 'package.json'), '{"type":"module"}\n');
  return { dir: join(outRoot, 'src'), compiled };
}
