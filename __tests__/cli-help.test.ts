import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('dist/cli.js', () => {
  it('prints help from a directory with no node_modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-nomods-'));
    cpSync('dist', join(dir, 'dist'), { recursive: true });
    const out = execFileSync(process.execPath, [join(dir, 'dist', 'cli.js'), '--help'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(out).toContain('staging-gate run --base-url URL');
  });

  it('exits 3 on an unknown command', () => {
    const r = spawnSync(process.execPath, ['dist/cli.js', 'frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});
