/**
 * The shape of the code (README, "Development": one pipeline, one direction), checked on
 * every import of src/:
 *
 *   config ──> runner ──> verdict ──> report ──> github      (then pipeline, cli, main wire them)
 *                │
 *     suite ─ agent ─ client ─ transport                    (what to check, how to talk)
 *                                        sim                (the reference service)
 *
 * Data flows to the right, so a folder imports only folders upstream of it (to its left, and
 * the rooms under runner in the order suite > agent > client > transport), never one
 * downstream: config knows nothing of the runner, the runner nothing of the verdict, the
 * verdict nothing of markdown or GitHub. The reference service is imported by no src folder
 * but cli's `demo` and `sim` commands, and imports nothing that tests it, or the suite would be
 * testing itself. The rooms of the protocol plug-ins (agent/, transport/) keep the same rule,
 * and a new folder must be given its place here before it is accepted.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { faultMatrixMarkdown } from './fault-matrix.js';

/**
 * Upstream first. A room may import the rooms before it; `model` (src/model.ts, the
 * normalized results) is upstream of all. The entry points come last: they wire everything.
 */
const ORDER = [
  'model',
  'config',
  'transport',
  'client',
  'agent',
  'suite',
  'runner',
  'verdict',
  'report',
  'github',
  'pipeline',
  'cli',
  'entry',
] as const;
type Room = (typeof ORDER)[number] | 'sim';

/** The only files of src/ that may import the reference service: the `demo` and `sim` commands. */
const SIM_USERS = /^src\/cli\/(main|demo-command|sim-command)\.ts$/;
/** What the reference service may use: nothing of the code that tests it. */
const SIM_MAY_IMPORT: readonly Room[] = ['model', 'config'];
/** verdict/ and report/ are pure: results in, results or text out. */
const PURE: readonly Room[] = ['verdict', 'report'];
const IO_MODULES =
  /^(node:)?(fs|fs\/promises|net|http|https|http2|tls|dgram|child_process|worker_threads|readline)$|^(ws|@actions\/.*|@octokit\/.*)$/;
/** Only github/ talks to GitHub; only the action's entry point reads its inputs. */
const GITHUB_MODULES = /^(@actions\/github|@octokit\/.*)$/;
const ACTIONS_CORE = /^@actions\/core$/;

/** The room of a file of src/, from its path. */
function roomOf(file: string): Room {
  const rel = relative('src', file).split(/[\\/]/);
  if (rel.length === 1) {
    if (rel[0] === 'model.ts') return 'model';
    return 'entry';
  }
  const room = rel[0];
  if (room === 'sim' || (ORDER as readonly string[]).includes(room)) return room as Room;
  throw new Error(`${file}: src/${room}/ is not a room of the picture; add it to ORDER`);
}

/** Why `from` may not import `to`, or undefined when it may. */
function forbidden(fromFile: string, toFile: string): string | undefined {
  const from = roomOf(fromFile);
  const to = roomOf(toFile);
  if (from === to) return undefined;
  if (to === 'sim') {
    return SIM_USERS.test(fromFile)
      ? undefined
      : 'only the demo and sim commands of cli/ may import the reference service';
  }
  if (from === 'sim') {
    return SIM_MAY_IMPORT.includes(to)
      ? undefined
      : `the reference service shares no code with the ${to}/ that tests it`;
  }
  if (PURE.includes(from) && ['transport', 'client', 'agent'].includes(to)) {
    return `${from}/ is pure and does not talk to the service`;
  }
  return ORDER.indexOf(to) < ORDER.indexOf(from)
    ? undefined
    : `${to}/ is downstream of ${from}/ in the picture`;
}

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module a file names: static, type-only, re-exports, side effects and `import()`. */
function specifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** A relative specifier as a path under src/ (`.js` is how ESM names the `.ts` file). */
function resolveLocal(fromFile: string, spec: string): string {
  return relative(process.cwd(), resolve(dirname(fromFile), spec)).replace(/\.js$/, '.ts');
}

interface Edge {
  from: string;
  to: string;
  /** the bare module name, for package imports */
  module?: string;
}

function edges(files: readonly { path: string; text: string }[]): Edge[] {
  return files.flatMap(({ path, text }) =>
    specifiers(text).map((spec): Edge => {
      if (spec.startsWith('.')) return { from: path, to: resolveLocal(path, spec) };
      return { from: path, to: '', module: spec };
    }),
  );
}

/** Every broken rule of the picture, as `file → target: why`. */
function violations(files: readonly { path: string; text: string }[]): string[] {
  return edges(files).flatMap((e) => {
    if (e.module !== undefined) {
      const room = roomOf(e.from);
      if (GITHUB_MODULES.test(e.module) && room !== 'github') {
        return [`${e.from} → ${e.module}: only github/ talks to GitHub`];
      }
      if (ACTIONS_CORE.test(e.module) && room !== 'github' && e.from !== 'src/main.ts') {
        return [`${e.from} → ${e.module}: only main.ts (and github/) use the runner's toolkit`];
      }
      if (PURE.includes(room) && IO_MODULES.test(e.module)) {
        return [`${e.from} → ${e.module}: ${room}/ is pure, it does no I/O`];
      }
      return [];
    }
    if (!e.to.startsWith('src/')) {
      return [`${e.from} → ${e.to}: src/ imports nothing outside src/`];
    }
    const why = forbidden(e.from, e.to);
    return why ? [`${e.from} → ${e.to}: ${why}`] : [];
  });
}

const read = (path: string) => ({ path, text: readFileSync(path, 'utf8') });

describe('layering', () => {
  it('no file of src/ imports against the direction of the picture', () => {
    const files = sources('src').map(read);
    expect(files.length).toBeGreaterThan(100);
    expect(violations(files)).toEqual([]);
  });

  it('every folder of src/ is a room of the picture', () => {
    const folders = readdirSync('src').filter((n) => statSync(join('src', n)).isDirectory());
    expect(folders.filter((f) => f !== 'sim' && !(ORDER as readonly string[]).includes(f))).toEqual(
      [],
    );
  });

  // The rules themselves, on files that break them (including rooms that do not exist yet),
  // so that a rule that can never fire is noticed.
  const file = (path: string, ...imports: string[]) => ({
    path,
    text: imports.map((i) => `import '${i}';`).join('\n'),
  });
  it.each([
    ['config imports the runner', file('src/config/x.ts', '../runner/glob.js')],
    ['the runner imports the verdict', file('src/runner/x.ts', '../verdict/decide.js')],
    ['the verdict imports the report', file('src/verdict/x.ts', '../report/render.js')],
    ['the report imports github', file('src/report/x.ts', '../github/comment.js')],
    ['github imports the pipeline', file('src/github/x.ts', '../pipeline/run-gate.js')],
    ['the suite imports the runner', file('src/suite/x.ts', '../runner/attempt.js')],
    ['the client imports the suite', file('src/client/x.ts', '../suite/types.js')],
    ['the suite imports the sim', file('src/suite/modules/x.ts', '../../sim/index.js')],
    ['the pipeline imports the sim', file('src/pipeline/x.ts', '../sim/index.js')],
    ['the action imports the sim', file('src/main.ts', './sim/index.js')],
    ['cli run imports the sim', file('src/cli/run-command.ts', '../sim/index.js')],
    ['the sim imports the client', file('src/sim/x.ts', '../client/http.js')],
    ['the sim imports the suite', file('src/sim/x.ts', '../suite/index.js')],
    ['transport imports an agent', file('src/transport/sse.ts', '../agent/model.js')],
    ['the client imports an agent', file('src/client/x.ts', '../agent/adapter.js')],
    ['transport imports the client', file('src/transport/sse.ts', '../client/http.js')],
    ['an agent imports the suite', file('src/agent/ag-ui/x.ts', '../../suite/core/x.js')],
    ['an agent imports the runner', file('src/agent/adapter.ts', '../runner/attempt.js')],
    ['an agent imports the verdict', file('src/agent/a2a/x.ts', '../../verdict/index.js')],
    ['an agent imports the report', file('src/agent/mcp/x.ts', '../../report/render.js')],
    ['an agent imports github', file('src/agent/adapter.ts', '../github/octokit.js')],
    ['the sim imports transport', file('src/sim/x.ts', '../transport/ws.js')],
    ['the verdict talks to the service', file('src/verdict/x.ts', '../client/http.js')],
    ['the report reads files', file('src/report/x.ts', 'node:fs')],
    ['the verdict opens sockets', file('src/verdict/x.ts', 'ws')],
    ['the runner talks to GitHub', file('src/runner/x.ts', '@actions/github')],
    ['the pipeline uses Octokit', file('src/pipeline/x.ts', '@octokit/plugin-retry')],
    ['the config reads action inputs', file('src/config/x.ts', '@actions/core')],
    [
      'a dynamic import of the sim',
      { path: 'src/suite/x.ts', text: "await import('../sim/index.js');" },
    ],
    [
      'a type import of the runner',
      { path: 'src/config/x.ts', text: "import type { A } from '../runner/a.js';" },
    ],
    [
      'a re-export of the verdict',
      { path: 'src/runner/x.ts', text: "export { a } from '../verdict/a.js';" },
    ],
    ['src imports the tests', file('src/suite/x.ts', '../../__tests__/suite/harness.js')],
  ])('refuses: %s', (_, f) => {
    expect(violations([f])).toHaveLength(1);
  });

  it.each([
    ['the runner imports the suite', file('src/runner/x.ts', '../suite/types.js')],
    ['the verdict imports the runner', file('src/verdict/x.ts', '../runner/glob.js')],
    ['the report imports the verdict', file('src/report/x.ts', '../verdict/signature.js')],
    ['the suite imports the client', file('src/suite/modules/x.ts', '../../client/http.js')],
    ['the suite imports an agent', file('src/suite/core/x.ts', '../../agent/model.js')],
    ['an agent imports transport', file('src/agent/ag-ui/x.ts', '../../transport/sse.js')],
    ['the client imports transport', file('src/client/http.ts', '../transport/evidence.js')],
    ['an agent imports the client', file('src/agent/agent-ws/x.ts', '../../client/ws-session.js')],
    [
      'an agent imports config',
      file('src/agent/adapter.ts', '../config/settings.js', '../model.js'),
    ],
    ['transport imports config', file('src/transport/ws.ts', '../config/redact.js')],
    ['cli demo imports the sim', file('src/cli/demo-command.ts', '../sim/index.js')],
    ['cli sim command imports the sim', file('src/cli/main.ts', '../sim/index.js')],
    ['the sim uses a package', file('src/sim/x.ts', 'ws', 'jose', 'node:http')],
    ['github uses Octokit', file('src/github/x.ts', '@actions/github', '@octokit/plugin-retry')],
    ['the action reads its inputs', file('src/main.ts', '@actions/core', './pipeline/run-gate.js')],
  ])('allows: %s', (_, f) => {
    expect(violations([f])).toEqual([]);
  });

  it('names an unknown folder instead of guessing its place', () => {
    expect(() => roomOf('src/helpers/x.ts')).toThrow(/src\/helpers\/ is not a room/);
  });

  it('renders the fault matrix for the README', () => {
    const table = faultMatrixMarkdown();
    expect(table.split('\n')[0]).toBe('| test | fault | fails as |');
    expect(table).toContain(
      '| `websocket-events/agent-event-flow` | `ws-1011-on-agent` | `ws_internal_error` |',
    );
  });
});
