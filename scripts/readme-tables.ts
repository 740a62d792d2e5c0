// The README's generated tables — the sim's faults and the suite's fault matrix — from
// the code that defines them. `npm run readme` rewrites them; a test fails when they drift.
import { agUiFaultMatrixMarkdown } from '../__tests__/suite/ag-ui-fault-matrix.js';
import { faultMatrixMarkdown } from '../__tests__/suite/fault-matrix.js';
import { AG_UI_FAULTS, agUiFaultSyntax } from '../src/sim/ag-ui/index.js';
import { FAULTS, faultSyntax } from '../src/sim/index.js';
import { a2aFaultMatrixMarkdown } from '../__tests__/suite/a2a-fault-matrix.js';
import { A2A_FAULTS } from '../src/sim/a2a/index.js';

export function faultsTable(): string {
  const rows = FAULTS.map((f) => `| \`${faultSyntax(f)}\` | ${f.description} | ${f.symptom} |`);
  return ['| fault | what breaks | symptom |', '|---|---|---|', ...rows].join('\n');
}

export function agUiFaultsTable(): string {
  const rows = AG_UI_FAULTS.map(
    (f) => `| \`${agUiFaultSyntax(f)}\` | ${f.description} | ${f.symptom} |`,
  );
  return ['| fault | what breaks | symptom |', '|---|---|---|', ...rows].join('\n');
}

export function a2aFaultsTable(): string {
  const rows = A2A_FAULTS.map(
    (f) => `| \`${f.arg ? `${f.name}:<${f.arg}>` : f.name}\` | ${f.description} | ${f.symptom} |`,
  );
  return ['| fault | what breaks | symptom |', '|---|---|---|', ...rows].join('\n');
}

const TABLES: Record<string, () => string> = {
  'a2a-faults': a2aFaultsTable,
  'a2a-fault-matrix': a2aFaultMatrixMarkdown,
  'fault-matrix': faultMatrixMarkdown,
  faults: faultsTable,
  'ag-ui-fault-matrix': agUiFaultMatrixMarkdown,
  'ag-ui-faults': agUiFaultsTable,
};

export function renderReadme(text: string): string {
  let out = text;
  for (const [name, render] of Object.entries(TABLES)) {
    const start = `<!-- generated:${name}:start -->`;
    const end = `<!-- generated:${name}:end -->`;
    const a = out.indexOf(start);
    const b = out.indexOf(end);
    if (a < 0 || b < a) throw new Error(`README.md lacks the ${start} … ${end} block`);
    out = `${out.slice(0, a + start.length)}\n${render()}\n${out.slice(b)}`;
  }
  return out;
}
