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

/** What the step does with a verdict: `failure` exits 1; `neutral` is a check-run neutral. */
export function gateConclusion(
  verdict: VerdictValue,
  onInconclusive: GatePolicy['onInconclusive'],
): 'success' | 'failure' | 'neutral' {
  if (verdict === 'pass') return 'success';
  if (verdict === 'fail') return 'failure';
  if (onInconclusive === 'pass') return 'success';
  return onInconclusive === 'neutral' ? 'neutral' : 'failure';
}
