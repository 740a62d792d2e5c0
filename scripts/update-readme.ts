// `npm run readme`: rewrites the README's generated tables (see readme-tables.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderReadme } from './readme-tables.js';

writeFileSync('README.md', renderReadme(readFileSync('README.md', 'utf8')));
console.log('README.md tables regenerated');
