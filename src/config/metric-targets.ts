/**
 * Targets for metrics, built-in and declared: suite-config `perfTargets` takes the built-in
 * names and `custom:<name>` ones, and every custom metric a scenario records must have a
 * target (a metric judged against nothing would be reported as if it were), while a custom
 * target no scenario records is a typo.
 */
import { METRIC_NAMES, type MetricName } from '../model.js';
import { didYouMean } from './did-you-mean.js';
import { CUSTOM_METRIC } from './scenario-patterns.js';
import type { Scenario } from './scenario-types.js';
import { InputError } from './settings.js';
import { fail, isMapping, positiveMs, type Check, type MappingCheck } from './suite-checks.js';

export function isCustomMetric(name: string): boolean {
  return CUSTOM_METRIC.test(name);
}

const check: Check<Partial<Record<MetricName, number>>> = (v, at) => {
  if (!isMapping(v)) return fail(at, 'must be a mapping', v);
  const out: Partial<Record<MetricName, number>> = {};
  for (const [name, value] of Object.entries(v)) {
    if (!(METRIC_NAMES as readonly string[]).includes(name) && !isCustomMetric(name)) {
      throw new InputError(
        'suite-config',
        `unknown key '${at}.${name}'${didYouMean(name, METRIC_NAMES, (k) => `'${at}.${k}'`)} (a metric of your own is named custom:<snake_case>)`,
      );
    }
    out[name as MetricName] = positiveMs(value, `${at}.${name}`);
  }
  return out;
};

/** suite-config `perfTargets`. */
export const perfTargetsCheck: MappingCheck<Record<MetricName, number>> = Object.assign(check, {
  keys: METRIC_NAMES,
});

/** Every custom metric measured has a target; every custom target is measured. */
export function checkCustomMetrics(
  scenarios: readonly Scenario[],
  targets: Readonly<Partial<Record<MetricName, number>>>,
): void {
  const measured = new Map<string, string>();
  for (const s of scenarios)
    for (const m of s.metrics) if (isCustomMetric(m)) measured.set(m, s.id);
  for (const [name, id] of measured) {
    if (targets[name as MetricName] === undefined) {
      throw new InputError(
        'suite-config',
        `scenario '${id}' records ${name}, which has no target: add perfTargets: { ${name}: <ms> }`,
      );
    }
  }
  for (const name of Object.keys(targets)) {
    if (isCustomMetric(name) && !measured.has(name)) {
      const hint = didYouMean(name, [...measured.keys()]);
      throw new InputError(
        'perf-targets',
        `'${name}' is recorded by no scenario${hint || ` (scenarios record: ${[...measured.keys()].join(', ') || 'no custom metric'})`}`,
      );
    }
  }
}
