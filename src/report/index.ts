/** report/: results → markdown, JUnit and the loop digest. Pure: strings out, no I/O. */
export {
  BUDGET_LIMITS,
  cutAtLine,
  fitToBudget,
  sizeOf,
  type BudgetName,
  type Detail,
} from './budget.js';
export {
  compareDigests,
  decodeDigest,
  encodeDigest,
  type Digest,
  type LoopComparison,
  type LoopSnapshot,
} from './digest.js';
export { renderFiveWhys, whySubject, type WhySubject } from './five-whys.js';
export { FIVE_WHYS } from './five-whys-table.js';
export { renderJUnit, xmlEscape, xmlText } from './junit.js';
export { actionFromEnv, simFaultsFor } from './reproduce.js';
export { renderReport, type ReportContext } from './render.js';
