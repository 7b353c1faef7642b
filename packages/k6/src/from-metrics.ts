import { sortChecks } from './model';
import type { K6Check, K6Format, K6Result, K6Threshold } from './model';
import { observedFor } from './threshold-expr';

/** A metric in the shape every summary format is normalised to before building a result. */
export interface NormalisedMetric {
  values: Record<string, number>;
  /** Threshold expression → passed. */
  thresholds: Record<string, boolean>;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Keeps the numeric entries of a values object. */
export function numericValues(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) if (num(x) !== undefined) out[k] = x as number;
  }
  return out;
}

/** Builds the result from normalised metrics; shared by the three summary formats. */
export function resultFromMetrics(
  format: K6Format,
  metrics: Record<string, NormalisedMetric>,
  checks: K6Check[],
  extra: { durationSec?: number; passed?: boolean } = {},
): K6Result {
  const thresholds: K6Threshold[] = [];
  for (const [metric, m] of Object.entries(metrics)) {
    for (const [expression, passed] of Object.entries(m.thresholds)) {
      thresholds.push({ metric, expression, observed: observedFor(expression, m.values), passed });
    }
  }
  const v = (name: string) => metrics[name]?.values ?? {};
  const dur = v('http_req_duration');
  const reqs = v('http_reqs');
  const failed = v('http_req_failed');
  const requests = num(reqs.count);
  const rps =
    num(reqs.rate) ??
    (requests !== undefined && extra.durationSec ? requests / extra.durationSec : undefined);
  return {
    format,
    thresholds,
    checks: sortChecks(checks),
    latency: {
      p50: num(dur.med) ?? num(dur['p(50)']),
      p90: num(dur['p(90)']),
      p95: num(dur['p(95)']),
      p99: num(dur['p(99)']),
      avg: num(dur.avg),
      max: num(dur.max),
    },
    errorRate: num(failed.rate) ?? num(failed.value),
    requests,
    rps,
    iterations: num(v('iterations').count),
    vus: num(v('vus').max) ?? num(v('vus').value),
    vusMax: num(v('vus_max').value) ?? num(v('vus_max').max),
    durationSec: extra.durationSec,
    passed: extra.passed ?? thresholds.every((t) => t.passed),
  };
}
