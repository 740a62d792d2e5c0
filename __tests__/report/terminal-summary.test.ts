/**
 * The terminal's end of a run: each failure named once under its problem (the progress
 * lines already printed each as it happened), a pointer to report.md for the five whys
 * instead of its markdown, and an inconclusive run's modules that do not read 0/0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCommand } from '../../src/cli/demo-command.js';
import { renderTerminalSummary } from '../../src/cli/terminal-summary.js';
import type { Results } from '../../src/model.js';
import { flakyPass, notReady, seedIncident } from './fixtures.js';

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('the terminal summary', () => {
  it('names each failed test once, under its problem, and each problem once', () => {
    const results = seedIncident();
    const out = renderTerminalSummary(results, { reportPath: '/tmp/x/report.md' });
    // above the verdict (whose reason names the first critical failures)
    const body = out.slice(0, out.indexOf('Performance (measured)'));
    for (const t of results.tests.filter((x) => x.status === 'failed'))
      expect(occurrences(body, t.id), t.id).toBe(1);
    expect(out).toContain('What broke (2 problems):');
    expect(
      occurrences(
        out,
        '1. [ws_internal_error] 10 tests in 3 modules, all critical: received 1011 (internal error) Internal error',
      ),
    ).toBe(1);
    expect(out).toMatch(
      /^ {2}2\. \[http_error\] 1 test in critical-path, critical: GET \/api\/mcp\/servers → 500 /m,
    );
    // the per-test messages are not repeated: the 1011 message of each run appears nowhere
    expect(out).not.toContain('while awaiting agent_thinking for run');
  });

  it('points to report.md for the five whys and prints no markdown', () => {
    const out = renderTerminalSummary(seedIncident(), { reportPath: '/tmp/x/report.md' });
    expect(out).toContain('five whys for each of the 2 problems: /tmp/x/report.md');
    expect(out).not.toMatch(/^#+ |\*\*Why|- \[ \]|```/m);
    expect(renderTerminalSummary(flakyPass())).not.toContain('five whys');
    expect(renderTerminalSummary(flakyPass())).toContain('Flaky (failed, then passed on a retry):');
  });

  it('an inconclusive run says its modules did not run, not 0/0', () => {
    const results: Results = notReady();
    results.modules = ['health', 'auth', 'websocket-events'].map((id) => ({
      id,
      title: id,
      total: 3,
      passed: 0,
      failed: 0,
      skipped: 3,
      flaky: 0,
      durationMs: 0,
    }));
    const out = renderTerminalSummary(results);
    expect(out).not.toContain('0/0');
    expect(out).toMatch(/^ {2}health\s+—\s+not run\s+—$/m);
    expect(out).toContain('none of the 3 modules (9 tests) ran: the service never became ready');
    expect(out).toContain('five whys for this problem: report.md');
  });
});

describe('the demo with a fault', () => {
  it('prints each problem once and where its five whys are, not the markdown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-demo-'));
    let stdout = '';
    try {
      const code = await demoCommand(
        ['--fault', 'drop-event:tool_completed', '--results-dir', dir, '--retries', '0'],
        {
          stdout: { write: (t: string) => void (stdout += t), isTTY: false },
          stderr: { write: () => undefined },
          env: { CI: 'true' },
        },
      );
      expect(code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(stdout).not.toMatch(/^#+ |\*\*Why \d|- \[ \]/m);
    // the progress printed each failure as it came; the summary names their problem once
    const failures = stdout
      .split('\n')
      .filter((l) => l.includes('✗ ') && l.includes('[missing_event]')).length;
    expect(failures).toBeGreaterThanOrEqual(5);
    expect(occurrences(stdout, 'never got its tool_completed')).toBe(failures + 1);
    expect(occurrences(stdout.slice(stdout.indexOf('What broke')), '[missing_event]')).toBe(1);
    expect(stdout).toMatch(
      /\d+ tests in \d+ modules, all critical: tool_executing for classify_request never got its tool_completed/,
    );
    expect(stdout).toContain(`five whys for`);
    expect(stdout).toContain(join(dir, 'report.md'));
  }, 60_000);
});
