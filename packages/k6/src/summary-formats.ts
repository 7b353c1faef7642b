import type { K6Check, K6Result } from './model';
import { numericValues, resultFromMetrics } from './from-metrics';
import type { NormalisedMetric } from './from-metrics';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
// Groups and checks are arrays in handleSummary data and objects keyed by name in the legacy export.
const items = (v: unknown): Json[] =>
  (Array.isArray(v) ? v : isObject(v) ? Object.values(v) : []).filter(isObject);

function collectChecks(group: unknown, path: string, out: K6Check[]): K6Check[] {
  if (!isObject(group)) return out;
  for (const c of items(group.checks)) {
    out.push({
      name: typeof c.name === 'string' ? c.name : '',
      group: path,
      passes: typeof c.passes === 'number' ? c.passes : 0,
      fails: typeof c.fails === 'number' ? c.fails : 0,
    });
  }
  for (const g of items(group.groups)) {
    collectChecks(g, `${path}::${typeof g.name === 'string' ? g.name : ''}`, out);
  }
  return out;
}

/**
 * The legacy `--summary-export` file: metric stats flat on the metric, and thresholds as booleans where
 * `true` means the threshold FAILED (k6 writes `!threshold.ok`).
 */
export function parseSummaryExport(doc: Json): K6Result {
  const metrics: Record<string, NormalisedMetric> = {};
  for (const [name, m] of Object.entries(isObject(doc.metrics) ? doc.metrics : {})) {
    if (!isObject(m)) continue;
    const thresholds: Record<string, boolean> = {};
    for (const [expr, failed] of Object.entries(isObject(m.thresholds) ? m.thresholds : {}))
      thresholds[expr] = failed !== true;
    metrics[name] = { values: numericValues(m), thresholds };
  }
  return resultFromMetrics('summary-export', metrics, collectChecks(doc.root_group, '', []));
}

/** The `data` object k6 passes to `handleSummary()`: `values` per metric, thresholds as `{ok}`. */
export function parseHandleSummaryData(doc: Json): K6Result {
  const metrics: Record<string, NormalisedMetric> = {};
  for (const [name, m] of Object.entries(isObject(doc.metrics) ? doc.metrics : {})) {
    if (!isObject(m)) continue;
    const thresholds: Record<string, boolean> = {};
    for (const [expr, t] of Object.entries(isObject(m.thresholds) ? m.thresholds : {})) {
      thresholds[expr] = isObject(t) && t.ok === true;
    }
    metrics[name] = { values: numericValues(m.values), thresholds };
  }
  const state = isObject(doc.state) ? doc.state : {};
  const ms = typeof state.testRunDurationMs === 'number' ? state.testRunDurationMs : undefined;
  return resultFromMetrics('handle-summary', metrics, collectChecks(doc.root_group, '', []), {
    durationSec: ms === undefined ? undefined : ms / 1000,
  });
}

/**
 * k6 v1's machine-readable summary (`--new-machine-readable-summary`, schema version 1.x): `results.metrics`
 * is a list, checks are `results.checks.results`, and the run's verdict is `results.passed`. The schema has
 * no per-threshold results, so `thresholds` is empty and `passed` comes from the file. Rate values are
 * `{rate, passes, fails}` in the published schema and `{rate, matches, total}` in k6's generated types; both
 * are read. Implemented from grafana/k6-summary's schema and example: no real k6 output was available.
 */
export function parseMachineReadable(doc: Json): K6Result {
  const results = isObject(doc.results) ? doc.results : {};
  const metrics: Record<string, NormalisedMetric> = {};
  for (const m of items(results.metrics)) {
    if (typeof m.name === 'string') metrics[m.name] = { values: numericValues(m.values), thresholds: {} };
  }
  const checksBlock = isObject(results.checks) ? results.checks : {};
  const checkList = items(checksBlock.results ?? checksBlock.orderedChecks);
  const checks: K6Check[] = checkList.map((c) => ({
    name: typeof c.name === 'string' ? c.name : '',
    group: '',
    passes: typeof c.passes === 'number' ? c.passes : 0,
    fails: typeof c.fails === 'number' ? c.fails : 0,
  }));
  const config = isObject(doc.config) ? doc.config : {};
  return resultFromMetrics('machine-readable', metrics, checks, {
    durationSec: typeof config.duration === 'number' ? config.duration : undefined,
    passed: typeof results.passed === 'boolean' ? results.passed : undefined,
  });
}
