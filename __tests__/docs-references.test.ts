/**
 * Every document cites only what exists: the README, docs/, BENCHMARKS.md, action.yml and the
 * comments of src/, scripts/ and bench/ name files, documents and sections a reader can open.
 * Workflow examples (```yaml blocks) are the user's repository, not this one, and are left out.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

function filesUnder(dir: string, ext: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, ext);
    return ext.test(name) ? [path] : [];
  });
}

const DOCUMENTS = [
  'README.md',
  'BENCHMARKS.md',
  'action.yml',
  ...filesUnder('docs', /\.md$/),
  ...filesUnder('src', /\.ts$/),
  ...filesUnder('scripts', /\.(ts|mjs)$/),
  ...filesUnder('bench', /\.mjs$/),
];

/** Where the repository's own documents live, for a bare `NAME.md`. */
const DOC_DIRS = ['.', 'docs'];

/** A path into this repository: `docs/x.md`, `src/a/b.ts`, `.ci/run`, `schema/…`. */
const REPO_PATH =
  /(?<![\w./-])(?:\.\/)?((?:docs|src|schema|scripts|bench|__tests__|dist|\.ci)\/[\w./-]*[\w])/g;
/** A document named without a folder: `INTERFACE.md`, `PROTOCOL.md §3`. */
const DOC_NAME = /(?<![\w/.-])([A-Z][A-Z0-9-]+)(?:\.md\b|(?= §))(?: ?§ ?(\d+(?:\.\d+)?))?/g;
const MD_LINK = /\]\(([^)\s]+)\)/g;

/** Leaves out ```yaml blocks (a user's workflow, with the user's paths). */
function citingText(file: string): string {
  const text = readFileSync(file, 'utf8');
  return file.endsWith('.md') ? text.replace(/^```ya?ml\n[\s\S]*?^```$/gm, '') : text;
}

/** `src/x.js` in a comment is the source `src/x.ts`; globs and placeholders are not paths. */
function pathExists(path: string): boolean {
  if (/[<>{}*]/.test(path)) return true;
  return existsSync(path) || existsSync(path.replace(/\.js$/, '.ts'));
}

function sectionsOf(doc: string): Set<string> {
  const heads = readFileSync(doc, 'utf8').matchAll(/^#{2,4} (\d+(?:\.\d+)?)\.? /gm);
  return new Set([...heads].map((m) => m[1]));
}

/** The anchors GitHub gives a document's headings: lower case, punctuation dropped, `-` for spaces. */
function anchorsOf(doc: string): Set<string> {
  const heads = readFileSync(doc, 'utf8').matchAll(/^#{1,6} (.+)$/gm);
  return new Set(
    [...heads].map((m) =>
      m[1]
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

function findDoc(name: string): string | undefined {
  return DOC_DIRS.map((d) => join(d, `${name}.md`)).find((p) => existsSync(p));
}

/** The citations of a text that point at nothing, as `file: citation`. */
function deadCitations(file: string, text: string): string[] {
  const dead: string[] = [];
  for (const m of text.matchAll(REPO_PATH)) {
    if (!pathExists(m[1])) dead.push(`${file}: ${m[1]}`);
  }
  for (const m of text.matchAll(DOC_NAME)) {
    const [, name, section] = m;
    const doc = findDoc(name);
    if (!doc) {
      // "INTERFACE §3" without .md is a citation too; a bare capital word is not
      if (m[0].includes('.md') || section) dead.push(`${file}: ${name}.md`);
    } else if (section && !sectionsOf(doc).has(section)) {
      dead.push(`${file}: ${name}.md §${section}`);
    }
  }
  if (file.endsWith('.md')) {
    for (const m of text.matchAll(MD_LINK)) {
      const [target, anchor] = m[1].split('#');
      if (/^[a-z]+:/.test(target)) continue;
      const doc = target ? normalize(join(dirname(file), target)) : file;
      if (!existsSync(doc)) dead.push(`${file}: (${m[1]})`);
      else if (anchor && doc.endsWith('.md') && !anchorsOf(doc).has(anchor)) {
        dead.push(`${file}: (${m[1]})`);
      }
    }
  }
  return dead;
}

describe('documents cite only what exists', () => {
  it('every path, document, section and link named is there', () => {
    expect(DOCUMENTS.length).toBeGreaterThan(100);
    expect(DOCUMENTS.flatMap((f) => deadCitations(f, citingText(f)))).toEqual([]);
  });

  it('finds a missing file, document, section and link', () => {
    const text = [
      'see docs/NOPE.md and src/config/nope.js,',
      'the contract (INTERFACE.md §9), STYLE.md,',
      'PROTOCOL §7 and [a link](docs/missing.md), [an anchor](docs/PROTOCOL.md#9-nothing).',
    ].join('\n');
    expect(deadCitations('README.md', text)).toEqual([
      'README.md: docs/NOPE.md',
      'README.md: src/config/nope.js',
      'README.md: docs/missing.md',
      'README.md: INTERFACE.md §9',
      'README.md: STYLE.md',
      'README.md: PROTOCOL.md §7',
      'README.md: (docs/missing.md)',
      'README.md: (docs/PROTOCOL.md#9-nothing)',
    ]);
    const fine =
      'docs/INTERFACE.md §3, PROTOCOL.md §3.4, src/config/suite-config.js, [x](docs/PROTOCOL.md#1-authentication)';
    expect(deadCitations('README.md', fine)).toEqual([]);
  });

  it('docs/INTERFACE.md lists every input and output of action.yml and every failure category', async () => {
    const { parse } = await import('yaml');
    const action = parse(readFileSync('action.yml', 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    };
    const { FAILURE_CATEGORIES } = await import('../src/model.js');
    const contract = readFileSync('docs/INTERFACE.md', 'utf8');
    const inputRows = new Set(
      [...contract.matchAll(/^\| `([a-z-]+)`(?: \/ `([a-z-]+)`)? \|/gm)].flatMap((m) => [
        m[1],
        m[2],
      ]),
    );
    expect(Object.keys(action.inputs).filter((i) => !inputRows.has(i))).toEqual([]);
    expect(Object.keys(action.outputs).filter((o) => !contract.includes(`\`${o}\``))).toEqual([]);
    expect(FAILURE_CATEGORIES.filter((c) => !contract.includes(`| \`${c}\` |`))).toEqual([]);
  });
});
