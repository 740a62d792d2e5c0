/**
 * `perf-targets`: `name=value` pairs (ms) for the four metrics. Names not given keep their
 * target from suite-config, else the built-in default.
 */
import { METRIC_NAMES, type MetricName } from '../model.js';
import { didYouMean } from './did-you-mean.js';
import { CUSTOM_METRIC } from './scenario-patterns.js';
import { parseList, shown } from './input-values.js';
import { printable } from './printable.js';
import { InputError } from './settings.js';

const NAME = 'perf-targets';

export function isMetricName(name: string): name is MetricName {
  return (METRIC_NAMES as readonly string[]).includes(name);
}

/** Only the targets the input names; the caller merges them over the defaults. */
export function parsePerfTargets(value: string): Partial<Record<MetricName, number>> {
  const out: Partial<Record<MetricName, number>> = {};
  for (const pair of parseList(value)) {
    const eq = pair.indexOf('=');
    if (eq < 0) {
      throw new InputError(
        NAME,
        `expected name=value pairs (e.g. ws_latency_ms=50), got ${shown(NAME, pair)}`,
      );
    }
    const name = pair.slice(0, eq).trim();
    const text = pair.slice(eq + 1).trim();
    // custom:<name>: a scenario's own metric (checked against the scenarios in parse-settings)
    if (!isMetricName(name) && !CUSTOM_METRIC.test(name)) {
      throw new InputError(
        NAME,
        `unknown metric '${printable(name)}'${didYouMean(name, METRIC_NAMES)} (known: ${METRIC_NAMES.join(', ')})`,
      );
    }
    if (out[name as MetricName] !== undefined) {
      throw new InputError(NAME, `metric '${name}' is given twice`);
    }
    const ms = /^\+?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(ms) || ms <= 0) {
      throw new InputError(
        NAME,
        `'${name}' expected a positive number of ms, got ${shown(NAME, text)}`,
      );
    }
    out[name as MetricName] = ms;
  }
  return out;
}
