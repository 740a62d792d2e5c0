/**
 * Writes the run's files into `results-dir`: results.json, report.md (the comment body),
 * junit.xml. Every byte goes through `redact` on the way out: the layers before redact
 * what they record, and this is the last line that keeps a secret out of a file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { redact } from '../config/redact.js';
import type { Results } from '../model.js';
import { renderJUnit, renderReport, type ReportContext } from '../report/index.js';

export interface ArtifactPaths {
  resultsPath: string;
  reportPath: string;
  junitPath: string;
}

export interface WrittenArtifacts extends ArtifactPaths {
  /** report.md as written (comment budget, redacted) */
  report: string;
}

export function artifactPaths(resultsDir: string): ArtifactPaths {
  const dir = resolve(resultsDir);
  return {
    resultsPath: join(dir, 'results.json'),
    reportPath: join(dir, 'report.md'),
    junitPath: join(dir, 'junit.xml'),
  };
}

export function writeArtifacts(
  results: Results,
  resultsDir: string,
  secrets: readonly string[],
  reportContext: Omit<ReportContext, 'budget'> = {},
): WrittenArtifacts {
  const paths = artifactPaths(resultsDir);
  mkdirSync(resolve(resultsDir), { recursive: true });
  const report = redact(renderReport(results, { ...reportContext, budget: 'comment' }), secrets);
  writeFileSync(paths.resultsPath, redact(`${JSON.stringify(results, null, 2)}\n`, secrets));
  writeFileSync(paths.reportPath, report);
  writeFileSync(paths.junitPath, redact(renderJUnit(results), secrets));
  return { ...paths, report };
}
