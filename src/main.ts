/**
 * The action: inputs → Settings → the engine → files, job summary, outputs → PR comment
 * and commit status → exit code. Thin by design: each stage lives in its own folder.
 * GitHub failures are warnings; only the verdict (or a bad input) fails the step.
 */
import * as core from '@actions/core';
import { ACTION_DEFAULTS, readActionInputs, SECRET_INPUTS } from './config/action-inputs.js';
import {
  parseMergeSettings,
  parseMode,
  parseSettings,
  type MergeSettings,
} from './config/parse-settings.js';
import { redact, secretsOf } from './config/redact.js';
import { InputError, type Settings } from './config/settings.js';
import {
  deploymentDefaults,
  readEventContext,
  subjectSha,
  type GithubEvent,
} from './github/event.js';
import { commentMarker } from './github/comment.js';
import { publishToGithub } from './github/publish.js';
import type { Results } from './model.js';
import { writeArtifacts, type ArtifactPaths } from './pipeline/artifacts.js';
import { trapCancelSignals, type CancelTrap } from './pipeline/cancel.js';
import { expandShardPaths, mergeResults, readShardResults } from './pipeline/merge.js';
import { reproduceLine } from './pipeline/reproduce.js';
import { progressText } from './pipeline/progress-text.js';
import { runGate, selectForSettings, type Selection } from './pipeline/run-gate.js';
import {
  actionFromEnv,
  compareDigests,
  decodeDigest,
  encodeDigest,
  renderReport,
} from './report/index.js';
import { gateOutcome, type GateOutcome } from './verdict/index.js';

/** What `run` did; `cancelled` tells index.ts to exit without waiting for abandoned work. */
export interface RunEnd {
  cancelled: boolean;
}

export async function run(env: Record<string, string | undefined> = process.env): Promise<RunEnd> {
  // Every secret known so far; `safe` masks them (and anything token-shaped) in what we print.
  const secrets = new Set<string>();
  const safe = (text: string): string => redact(text, [...secrets]);
  // SIGINT is what the runner sends first when a job is cancelled (SIGTERM follows)
  const trap = trapCancelSignals({
    onCancel: (signal) =>
      core.warning(`staging-gate: ${signal} received: cancelling, writing the results so far`),
  });
  try {
    await gate(env, secrets, safe, trap);
  } catch (err) {
    // Our bug or the machine's (a full disk, an unwritable results-dir): one error line
    // instead of an unhandled rejection, whose stack trace would print unredacted.
    core.setFailed(safe(`staging-gate failed unexpectedly: ${describeError(err)}`));
    if (err instanceof Error && err.stack) core.debug(safe(err.stack));
  } finally {
    trap.release();
  }
  return { cancelled: trap.cause !== undefined };
}

async function gate(
  env: Record<string, string | undefined>,
  secrets: Set<string>,
  safe: (text: string) => string,
  trap: CancelTrap,
): Promise<void> {
  const raw = readActionInputs((name) => core.getInput(name));
  // Mask before anything can print them: the runner masks `secrets.*`, but not values
  // that reach us another way (a literal, an env var, a step output).
  for (const name of SECRET_INPUTS) {
    const value = raw[name];
    if (value) {
      core.setSecret(value);
      secrets.add(value);
    }
  }

  let event: GithubEvent | undefined;
  try {
    event = readEventContext(env);
  } catch {
    event = undefined; // not under Actions, or no event file: no defaults, no PR
  }
  const deployment = event ? deploymentDefaults(event) : {};
  const defaults = {
    ...(deployment.baseUrl ? { baseUrl: deployment.baseUrl } : {}),
    ...(deployment.environment ? { commentKey: deployment.environment } : {}),
  };

  let settings: Settings;
  let selection: Selection;
  try {
    if (parseMode(raw) === 'merge') {
      const merge = parseMergeSettings(raw, { defaults });
      for (const s of secretsOf({ auth: { kind: 'none' }, github: merge.github })) {
        core.setSecret(s);
        secrets.add(s);
      }
      await mergeShards(env, event, merge, safe);
      return;
    }
    settings = parseSettings(raw, { defaults });
    selection = selectForSettings(settings);
  } catch (err) {
    if (err instanceof InputError) {
      core.setFailed(safe(err.message));
      return;
    }
    throw err;
  }
  for (const s of secretsOf(settings)) {
    core.setSecret(s);
    secrets.add(s);
  }

  const commit = event ? subjectSha(event) || undefined : undefined;
  const runUrl = event?.runUrl;
  const reproduce = reproduceLine(raw, ACTION_DEFAULTS);
  core.info(safe(`staging-gate: testing ${settings.baseUrl}`));
  const results = await runGate(settings, {
    selection,
    onProgress: (e) => {
      const line = progressText(e);
      if (line) core.info(safe(line));
    },
    onSecret: (s) => {
      core.setSecret(s);
      secrets.add(s);
    },
    ...(commit ? { commit } : {}),
    ...(runUrl ? { runUrl } : {}),
    reproduce,
    signal: trap.signal,
  });

  const written = writeArtifacts(results, settings.resultsDir, [...secrets], {
    reproduce,
    ...reportAction(),
  });
  await conclude(env, results, written, settings, safe, trap);
}

/** `mode: merge`: the shards' results.json → one verdict, report, comment and status. */
async function mergeShards(
  env: Record<string, string | undefined>,
  event: GithubEvent | undefined,
  merge: MergeSettings,
  safe: (text: string) => string,
): Promise<void> {
  let results: Results;
  try {
    const dirs = expandShardPaths(merge.mergeResults);
    core.info(`staging-gate: merging ${dirs.length} shards: ${dirs.join(', ')}`);
    results = mergeResults(dirs.map(readShardResults), merge, dirs);
  } catch (err) {
    throw new InputError('merge-results', err instanceof Error ? err.message : String(err));
  }
  const commit = event ? subjectSha(event) || undefined : undefined;
  if (commit && !results.commit) results.commit = commit;
  if (event?.runUrl) results.runUrl = event.runUrl;
  const written = writeArtifacts(results, merge.resultsDir, [], {
    ...(results.reproduce ? { reproduce: results.reproduce } : {}),
    ...reportAction(),
  });
  await conclude(env, results, written, merge, safe);
}

type ConcludeSettings = Pick<Settings, 'github' | 'onInconclusive'>;

/** Outputs, summary, comment, status and the step's outcome: the same for run and merge. */
async function conclude(
  env: Record<string, string | undefined>,
  results: Results,
  written: ArtifactPaths,
  settings: ConcludeSettings,
  safe: (text: string) => string,
  trap?: CancelTrap,
): Promise<void> {
  const outcome = gateOutcome(results.verdict, settings.onInconclusive);
  // Outputs and summary first: whatever happens while publishing, the next steps get them.
  setResultOutputs(results, written);
  await writeJobSummary(results, safe);

  const verdictLine = safe(`staging-gate ${results.verdict}: ${results.reason}`);
  if (trap?.cause !== undefined) {
    // Cancelled: the runner kills us seconds after its signal, and a comment or status
    // saying "cancelled" would only replace the last real verdict. The files, outputs and
    // summary are written; GitHub is left as it was.
    core.setOutput('comment-url', '');
    core.notice('staging-gate: cancelled: no PR comment or commit status was written');
    reportOutcome(outcome, verdictLine, settings);
    return;
  }

  const published = await publishToGithub({
    env,
    token: settings.github.token,
    commentMode: settings.github.comment,
    commentKey: settings.github.commentKey,
    ...(settings.github.prNumber !== undefined ? { prNumber: settings.github.prNumber } : {}),
    commitStatus: settings.github.commitStatus,
    state: outcome.commitState,
    description: safe(statusDescription(results)),
    render: (previous) => renderComment(results, settings, previous, safe),
    log: {
      debug: (m) => core.debug(safe(m)),
      info: (m) => core.info(safe(m)),
      warn: (m) => core.warning(safe(m)),
    },
  });
  for (const n of published.notices) core.notice(safe(n));
  for (const w of published.warnings) core.warning(safe(w));
  if (published.commentUrl)
    core.info(`comment on PR #${published.prNumber}: ${published.commentUrl}`);
  if (published.statusContext) {
    core.info(`commit status ${published.statusContext}: ${outcome.commitState}`);
  }
  core.setOutput('comment-url', published.commentUrl ?? '');

  reportOutcome(outcome, verdictLine, settings);
}

function reportOutcome(
  outcome: GateOutcome,
  verdictLine: string,
  settings: ConcludeSettings,
): void {
  if (outcome.stepFails) core.setFailed(verdictLine);
  else if (outcome.overridden) {
    core.warning(`${verdictLine} (on-inconclusive: ${settings.onInconclusive})`);
  } else core.info(verdictLine);
}

function setResultOutputs(results: Results, written: ArtifactPaths): void {
  const s = results.summary;
  core.setOutput('verdict', results.verdict);
  core.setOutput('passed', s.passed);
  core.setOutput('failed', s.failed);
  core.setOutput('skipped', s.skipped);
  core.setOutput('flaky', s.flaky);
  core.setOutput('total', s.total);
  core.setOutput('pass-rate', s.passRate.toFixed(1));
  core.setOutput('results-path', written.resultsPath);
  core.setOutput('report-path', written.reportPath);
  core.setOutput('junit-path', written.junitPath);
}

function statusDescription(results: Results): string {
  const s = results.summary;
  return `${results.verdict}: ${s.passed + s.flaky}/${s.total - s.skipped} passed — ${results.reason}`;
}

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** The `uses:` of this step, for the report's reproduce footer. */
function reportAction(): { action?: string } {
  const action = actionFromEnv(process.env);
  return action ? { action } : {};
}

function renderComment(
  results: Results,
  settings: ConcludeSettings,
  previousBody: string | undefined,
  safe: (t: string) => string,
): string {
  const previous = previousBody !== undefined ? decodeDigest(previousBody) : undefined;
  const iteration = previous ? previous.iteration + 1 : 1;
  return safe(
    renderReport(results, {
      budget: 'comment',
      title: `staging-gate · ${settings.github.commentKey}`,
      marker: commentMarker(settings.github.commentKey),
      hidden: [encodeDigest(results, iteration)],
      ...reportAction(),
      ...(previous ? { comparison: compareDigests(previous, results) } : {}),
    }),
  );
}

async function writeJobSummary(results: Results, safe: (t: string) => string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary
      .addRaw(safe(renderReport(results, { budget: 'summary', ...reportAction() })))
      .write();
  } catch (err) {
    core.warning(`Could not write the job summary: ${(err as Error).message}`);
  }
}
