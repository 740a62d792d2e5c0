/** verdict/: failures → categories → patterns → thresholds → verdict. Pure. */
export { decideVerdict, readinessReason, type VerdictInput } from './decide.js';
export { groupPatterns } from './patterns.js';
export {
  DEFAULT_GATE_POLICY,
  gateConclusion,
  gateOutcome,
  type GateOutcome,
  matchesAnyGlob,
  matchesGlob,
  resolveCritical,
  type GatePolicy,
} from './policy.js';
export { buildResults, type RunOutcome } from './results.js';
export { closeCodeName, closeSignature, failureSignature, normalizeMessage } from './signature.js';
export { passRateOf, summarize, summarizeModules } from './summary.js';
