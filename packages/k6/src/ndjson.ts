import { sortChecks } from './model';
import type { K6Check, K6Result, K6Threshold } from './model';
import { percentile } from './percentile';
import { holds, parseThresholdExpression } from './threshold-expr';

/**
 * Reads k6's `--out json` stream (one `Metric` declaration or `Point` per line) and computes what the
 * summary would have: latency percentiles of http_req_duration, error rate, RPS, iterations, peak VUs,
 * checks by name, and the declared thresholds evaluated on those figures. RPS uses the span between the
 * first and last point, which is slightly shorter than k6's own test duration.
 */
export function parseK6Ndjson(text: string, file: string): K6Result {
  const durations: number[] = [];
  let failed = 0;
  let failedCount = 0;
  let requests = 0;
  let iterations = 0;
  let vus: number | undefined;
  let first = Infinity;
  let last = -Infinity;
  const checks = new Map<string, K6Check>();
  const declared = new Map<string, string[]>();
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    let entry: { type?: unknown; metric?: unknown; data?: Record<string, unknown> };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      throw new Error(
        `${file}:${index + 1}: not a JSON line; expected k6 --out json output (one object per line)`,
      );
    }
    const data = entry.data ?? {};
    if (entry.type === 'Metric') {
      const t = Array.isArray(data.thresholds)
        ? data.thresholds.filter((x): x is string => typeof x === 'string')
        : [];
      if (t.length && typeof data.name === 'string') declared.set(data.name, t);
      return;
    }
    if (entry.type !== 'Point') return;
    const value = typeof data.value === 'number' ? data.value : 0;
    const time = typeof data.time === 'string' ? Date.parse(data.time) : NaN;
    if (!Number.isNaN(time)) {
      first = Math.min(first, time);
      last = Math.max(last, time);
    }
    switch (entry.metric) {
      case 'http_req_duration':
        durations.push(value);
        break;
      case 'http_req_failed':
        failedCount++;
        if (value !== 0) failed++;
        break;
      case 'http_reqs':
        requests += value;
        break;
      case 'iterations':
        iterations += value;
        break;
      case 'vus':
        vus = Math.max(vus ?? 0, value);
        break;
      case 'checks': {
        const tags = (data.tags ?? {}) as Record<string, unknown>;
        const name = typeof tags.check === 'string' ? tags.check : '';
        const group = typeof tags.group === 'string' ? tags.group : '';
        const key = `${group}\u0000${name}`;
        const c = checks.get(key) ?? { name, group, passes: 0, fails: 0 };
        if (value !== 0) c.passes++;
        else c.fails++;
        checks.set(key, c);
        break;
      }
    }
  });
  if (first === Infinity && declared.size === 0) {
    throw new Error(`${file}: no k6 Metric or Point lines; expected k6 --out json output`);
  }
  durations.sort((a, b) => a - b);
  const durationSec = last > first ? (last - first) / 1000 : undefined;
  const latency = {
    p50: percentile(durations, 50),
    p90: percentile(durations, 90),
    p95: percentile(durations, 95),
    p99: percentile(durations, 99),
    avg: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : undefined,
    max: durations.at(-1),
  };
  const errorRate = failedCount ? failed / failedCount : undefined;
  const rps = durationSec ? requests / durationSec : undefined;
  const stats: Record<string, Record<string, number | undefined>> = {
    http_req_duration: { ...latency, med: latency.p50, min: durations[0], count: durations.length },
    http_req_failed: { rate: errorRate },
    http_reqs: { count: requests, rate: rps },
    iterations: { count: iterations },
  };
  const thresholds: K6Threshold[] = [];
  for (const [metric, exprs] of declared) {
    for (const expression of exprs) {
      const parsed = parseThresholdExpression(expression);
      const s = stats[metric] ?? {};
      let observed = parsed ? s[parsed.stat] : undefined;
      if (observed === undefined && parsed && /^p\(/.test(parsed.stat)) {
        observed =
          metric === 'http_req_duration'
            ? percentile(durations, Number(parsed.stat.slice(2, -1)))
            : undefined;
      }
      thresholds.push({
        metric,
        expression,
        observed,
        passed: parsed !== undefined && observed !== undefined && holds(parsed, observed),
      });
    }
  }
  return {
    format: 'ndjson',
    thresholds,
    checks: sortChecks([...checks.values()]),
    latency,
    errorRate,
    requests,
    rps,
    iterations,
    vus,
    durationSec,
    passed: thresholds.every((t) => t.passed),
  };
}
