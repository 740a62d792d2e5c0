/**
 * The one rule from verdict + on-inconclusive to the step, the CLI's exit code and the
 * commit status, and proof that the places which report an outcome decide nothing themselves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateOutcome, type GateOutcome } from '../../src/verdict/index.js';

type Row = [
  string,
  'fail' | 'pass' | 'neutral',
  Omit<GateOutcome, 'overridden'> & { overridden: boolean },
];

const TABLE: Row[] = [
  [
    'pass',
    'fail',
    {
      conclusion: 'success',
      stepFails: false,
      cliExitCode: 0,
      commitState: 'success',
      overridden: false,
    },
  ],
  [
    'pass',
    'neutral',
    {
      conclusion: 'success',
      stepFails: false,
      cliExitCode: 0,
      commitState: 'success',
      overridden: false,
    },
  ],
  [
    'fail',
    'fail',
    {
      conclusion: 'failure',
      stepFails: true,
      cliExitCode: 1,
      commitState: 'failure',
      overridden: false,
    },
  ],
  [
    'fail',
    'pass',
    {
      conclusion: 'failure',
      stepFails: true,
      cliExitCode: 1,
      commitState: 'failure',
      overridden: false,
    },
  ],
  [
    'inconclusive',
    'fail',
    {
      conclusion: 'failure',
      stepFails: true,
      cliExitCode: 2,
      commitState: 'error',
      overridden: false,
    },
  ],
  [
    'inconclusive',
    'pass',
    {
      conclusion: 'success',
      stepFails: false,
      cliExitCode: 0,
      commitState: 'success',
      overridden: true,
    },
  ],
  [
    'inconclusive',
    'neutral',
    {
      conclusion: 'neutral',
      stepFails: false,
      cliExitCode: 0,
      commitState: 'success',
      overridden: true,
    },
  ],
];

describe('gateOutcome', () => {
  it.each(TABLE)('%s with on-inconclusive %s', (verdict, onInconclusive, expected) => {
    expect(gateOutcome(verdict as 'pass' | 'fail' | 'inconclusive', onInconclusive)).toEqual(
      expected,
    );
  });
});

describe('every call site uses it', () => {
  const root = join(__dirname, '..', '..', 'src');
  const files = [
    'main.ts',
    'github/status.ts',
    'github/publish.ts',
    ...readdirSync(join(root, 'cli')).map((f) => `cli/${f}`),
  ];

  it('no file that reports an outcome compares verdicts or maps on-inconclusive itself', () => {
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8');
      expect(text, f).not.toMatch(/verdict\s*[!=]==\s*'(pass|fail|inconclusive)'/);
      expect(text, f).not.toMatch(/onInconclusive\s*[!=]==/);
      expect(text, f).not.toMatch(/EXIT\[\s*results\.verdict\s*\]/);
    }
  });

  it('main.ts and the CLI commands call gateOutcome (directly or through exitCodeOf)', () => {
    expect(readFileSync(join(root, 'main.ts'), 'utf8')).toMatch(/gateOutcome\(/);
    expect(readFileSync(join(root, 'cli/run-command.ts'), 'utf8')).toMatch(/gateOutcome\(/);
    expect(readFileSync(join(root, 'cli/merge-command.ts'), 'utf8')).toMatch(/exitCodeOf\(/);
  });
});
