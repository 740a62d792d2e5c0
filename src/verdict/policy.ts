/**
 * The gate's policy: the part of `Settings` that turns graded tests into a verdict, and the
 * few decisions around it that callers share (which tests are critical, what an
 * inconclusive verdict means for the step).
 */
import type { Settings } from '../config/settings.js';
import type { TestResult, VerdictValue } from '../model.js';
import { matchesAnyGlob } from '../runner/glob.js';

export { matchesAnyGlob, matchesGlob } from '../runner/glob.js';

export type GatePolicy = Pick<
  Settings,
  'maxFailureRate' | 'criticalTests' | 'perfGate' | 'onInconclusive'
>;

/** INTERFACE.md §1 defaults: no failure allowed, every priority-1 test critical. */
export const DEFAULT_GATE_POLICY: GatePolicy = {
  maxFailureRate: 0,
  criticalTests: null,
  perfGate: 'fail',
  onInconclusive: 'fail',
};

/**
 * `critical` recomputed from the `critical-tests` globs (null: every priority-1 test).
 * `decideVerdict` trusts `TestResult.critical` as the runner resolved it (a suite test may
 * declare itself critical or not); this is for callers that judge results standalone, e.g.
 * re-gating a results.json with another `critical-tests` value.
 */
export function resolveCritical(
  tests: readonly TestResult[],
  criticalTests: readonly string[] | null,
): TestResult[] {
  return tests.map((t) => ({
    ...t,
    critical: criticalTests === null ? t.priority === 1 : matchesAnyGlob(t.id, criticalTests),
  }));
}

/**
 * What a verdict means for everything that reports it: the action's step, the CLI's exit
 * code, the commit status. The one rule; every caller goes through `gateOutcome`.
 */
export interface GateOutcome {
  /** as a check run would conclude: `neutral` only for inconclusive with on-inconclusive neutral */
  conclusion: 'success' | 'failure' | 'neutral';
  /** the action step fails (exit 1) */
  stepFails: boolean;
  /** `staging-gate run` / `merge`: 0 pass, 1 fail, 2 inconclusive (3, bad usage, is not a verdict) */
  cliExitCode: 0 | 1 | 2;
  /** the commit status `staging-gate/<key>` */
  commitState: 'success' | 'failure' | 'error';
  /** true when on-inconclusive turned an inconclusive verdict into a non-failing one: say so */
  overridden: boolean;
}

/**
 * | verdict | on-inconclusive | step | CLI | commit status |
 * | pass | any | passes | 0 | success |
 * | fail | any | fails | 1 | failure |
 * | inconclusive | fail | fails | 2 | error |
 * | inconclusive | pass | passes, with a warning | 0 | success |
 * | inconclusive | neutral | passes, with a warning | 0 | success |
 * A commit status has no neutral state; GitHub's required checks treat a neutral check run
 * as passing, so `neutral` gives `success` with the verdict in the description.
 */
export function gateOutcome(
  verdict: VerdictValue,
  onInconclusive: GatePolicy['onInconclusive'],
): GateOutcome {
  if (verdict === 'pass') {
    return {
      conclusion: 'success',
      stepFails: false,
      cliExitCode: 0,
      commitState: 'success',
      overridden: false,
    };
  }
  if (verdict === 'fail') {
    return {
      conclusion: 'failure',
      stepFails: true,
      cliExitCode: 1,
      commitState: 'failure',
      overridden: false,
    };
  }
  if (onInconclusive === 'fail') {
    return {
      conclusion: 'failure',
      stepFails: true,
      cliExitCode: 2,
      commitState: 'error',
      overridden: false,
    };
  }
  return {
    conclusion: onInconclusive === 'neutral' ? 'neutral' : 'success',
    stepFails: false,
    cliExitCode: 0,
    commitState: 'success',
    overridden: true,
  };
}

/** The check-run conclusion of a verdict: `gateOutcome(...).conclusion`. */
export function gateConclusion(
  verdict: VerdictValue,
  onInconclusive: GatePolicy['onInconclusive'],
): 'success' | 'failure' | 'neutral' {
  return gateOutcome(verdict, onInconclusive).conclusion;
}
