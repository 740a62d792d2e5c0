import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReadme } from '../scripts/readme-tables.js';

describe('README generated tables', () => {
  it('match the sim faults and the fault matrix (run `npm run readme` to update)', () => {
    const text = readFileSync('README.md', 'utf8');
    expect(renderReadme(text)).toBe(text);
  });

  it('keep the two first-screen commands', () => {
    const firstScreen = readFileSync('README.md', 'utf8').split('\n').slice(0, 25).join('\n');
    expect(firstScreen).toContain('npm ci && npm run demo');
    expect(firstScreen).toContain('npm ci && npm test');
  });
});
