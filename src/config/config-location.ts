/**
 * Where in the file a bad suite-config key is: the file name, the line (YAML and JSON both
 * go through the `yaml` parser's node ranges) and, under `scenarios`, the scenario's id.
 * Applied to the one InputError a check threw, so every check keeps saying only the key.
 */
import { LineCounter, parseDocument, isNode, type Node } from 'yaml';
import { printable } from './printable.js';
import { InputError } from './settings.js';
import { INPUT } from './suite-checks.js';

/** `scenarios[0].steps[2].expect` → ['scenarios', 0, 'steps', 2, 'expect'] */
export function keyPathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  }
  return out;
}

function lineOf(text: string, segments: (string | number)[]): number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, logLevel: 'silent' });
  if (doc.errors.length > 0) return undefined;
  // a key that is missing ("is required") is reported at its nearest parent
  for (let n = segments.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
    if (isNode(node) && (node as Node).range) {
      return lineCounter.linePos((node as Node).range![0]).line;
    }
  }
  return undefined;
}

/** The id a scenario declares, for messages (never trusted beyond printing). */
function scenarioId(doc: unknown, index: number): string | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  const list = (doc as Record<string, unknown>).scenarios;
  if (!Array.isArray(list)) return undefined;
  const entry: unknown = list[index];
  if (typeof entry !== 'object' || entry === null) return undefined;
  const id = (entry as Record<string, unknown>).id;
  return typeof id === 'string' ? printable(id, 100) : undefined;
}

/** The same error, located: `Input 'suite-config': gate.yml line 12, scenario 'chat/x': key …`. */
export function locateError(err: unknown, text: string, shownName: string, doc: unknown): unknown {
  if (!(err instanceof InputError) || err.input !== INPUT) return err;
  const problem = err.message.replace(/^Input '[^']*': /, '');
  const key = /^(?:key|unknown key) '([^']+)'/.exec(problem)?.[1];
  if (key === undefined) return err;
  const segments = keyPathSegments(key);
  // only scenarios are located: the other keys are short and their messages are contracts
  if (segments[0] !== 'scenarios') return err;
  let line: number | undefined;
  try {
    line = lineOf(text, segments);
  } catch {
    line = undefined;
  }
  const where = [`${shownName}${line !== undefined ? ` line ${line}` : ''}`];
  if (segments[0] === 'scenarios' && typeof segments[1] === 'number') {
    const id = scenarioId(doc, segments[1]);
    where.push(id !== undefined ? `scenario '${id}'` : `scenario #${segments[1] + 1}`);
  }
  return new InputError(INPUT, `${where.join(', ')}: ${problem}`);
}
