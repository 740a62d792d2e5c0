/**
 * The README's input and output tables are the action's manual: every input and output of
 * action.yml is in them, with the same default, and nothing is there that action.yml lacks.
 * Also: the example workflow uses only inputs that exist, and the comment example is linked.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readActionYml, ROOT } from './run-action.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const action = readActionYml();

/** The body of `## <title>`, up to the next `## `. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no '## ${title}' section`);
  const end = markdown.indexOf('\n## ', start + 4);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** Rows of the first table in `text` whose first cell is a code span: name → the other cells. */
function tableRows(text: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^\|\s*`([^`]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    if (rows.has(m[1])) throw new Error(`'${m[1]}' is listed twice`);
    rows.set(
      m[1],
      m[2].split(/(?<!\\)\|/).map((c) => c.trim()),
    );
  }
  return rows;
}

/** `—` or empty means "no default"; otherwise the code span's content. */
function defaultCell(cell: string): string | undefined {
  if (cell === '' || cell === '—' || cell === '-') return undefined;
  const m = /^`(.*)`$/.exec(cell);
  if (!m) throw new Error(`default cell '${cell}' is not a code span or —`);
  return m[1];
}

describe('README ## Inputs', () => {
  const rows = tableRows(section(README, 'Inputs'));

  it('lists every input of action.yml, and no other', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it.each(Object.entries(action.inputs))(
    '%s: same default as action.yml, described',
    (name, spec) => {
      const row = rows.get(name);
      expect(row, `${name} missing from the README`).toBeDefined();
      const [def, description] = row ?? [];
      const expected = spec.default === undefined ? undefined : String(spec.default);
      expect(defaultCell(def)).toBe(expected);
      expect((description ?? '').length).toBeGreaterThan(10);
    },
  );
});

describe('README ## Outputs', () => {
  const rows = tableRows(section(README, 'Outputs'));

  it('lists every output of action.yml, and no other, each described', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(action.outputs).sort());
    for (const [, [description]] of rows) expect(description.length).toBeGreaterThan(5);
  });
});

describe('the README around the tables', () => {
  it('links the rendered comment example, which exists', () => {
    expect(section(README, 'The PR comment')).toContain('(docs/comment-example.md)');
    expect(existsSync(join(ROOT, 'docs', 'comment-example.md'))).toBe(true);
  });

  it('shows the permissions the action needs', () => {
    const text = section(README, 'Permissions');
    expect(text).toContain('pull-requests: write');
    expect(text).toContain('statuses: write');
    expect(text).toContain('workflow_run');
  });

  it('names the status context branch protection must require', () => {
    expect(section(README, 'Gate merges with the status check')).toContain('staging-gate/staging');
  });
});

/** Every `uses: ...staging-gate...` step (or `./`) anywhere in a parsed YAML document. */
function gateSteps(doc: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(doc)) return doc.flatMap(gateSteps);
  if (doc === null || typeof doc !== 'object') return [];
  const node = doc as Record<string, unknown>;
  const uses = typeof node.uses === 'string' ? node.uses : '';
  const own = uses === './' || uses.includes('staging-gate') ? [node] : [];
  return [...own, ...Object.values(node).flatMap(gateSteps)];
}

function inputsOf(step: Record<string, unknown>): string[] {
  return Object.keys((step.with ?? {}) as Record<string, unknown>);
}

describe("the README's workflow snippets", () => {
  const blocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

  it('parse, and give the action only inputs it has', () => {
    const steps = blocks.flatMap((b) => gateSteps(parse(b)));
    expect(steps.length).toBeGreaterThanOrEqual(4);
    for (const step of steps) {
      for (const name of inputsOf(step)) expect(Object.keys(action.inputs)).toContain(name);
    }
  });
});

describe('the example workflows', () => {
  const examples = ['example-deploy.yml'].map((f) => join(ROOT, '.github', 'workflows', f));

  it.each(examples)('%s gives the action only inputs it has', (file) => {
    const steps = gateSteps(parse(readFileSync(file, 'utf8')));
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      for (const name of inputsOf(step)) expect(Object.keys(action.inputs)).toContain(name);
    }
  });
});
