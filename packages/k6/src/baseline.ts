import type { K6Result } from './model';

/** Parses `max-regression`: `20%` or `20` both mean 20 percent. */
export function parseMaxRegression(input: string, name = 'max-regression'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(input);
  const value = m?.[1] === undefined ? NaN : Number(m[1]);
  if (!Number.isFinite(value)) {
    throw new Error(`${name}: ${JSON.stringify(input)} is not a percentage; use e.g. "20%" or "20"`);
  }
  return value;
}

/** One compared figure. `changePct` is positive when it got worse. */
export interface BaselineDelta {
  metric: 'p95' | 'p99' | 'errorRate' | 'rps';
  current?: number;
  baseline?: number;
  changePct?: number;
}

/** The comparison; `passed` is false when p95 regressed beyond the allowed percentage. */
export interface BaselineComparison {
  deltas: BaselineDelta[];
  maxRegressionPct: number;
  passed: boolean;
  reasons: string[];
}

function worse(
  current: number | undefined,
  baseline: number | undefined,
  higherIsWorse: boolean,
): number | undefined {
  if (current === undefined || baseline === undefined) return undefined;
  if (baseline === 0) return current === 0 ? 0 : higherIsWorse ? Infinity : -Infinity;
  const change = ((current - baseline) / baseline) * 100;
  return higherIsWorse ? change : -change;
}

/**
 * Compares a run with a baseline run. Only p95 gates (the agreed regression signal); p99, error rate and
 * RPS are reported for context, since they are noisy on short smoke runs.
 */
export function compareToBaseline(
  current: K6Result,
  baseline: K6Result,
  maxRegressionPct: number,
): BaselineComparison {
  const deltas: BaselineDelta[] = [
    {
      metric: 'p95',
      current: current.latency.p95,
      baseline: baseline.latency.p95,
      changePct: worse(current.latency.p95, baseline.latency.p95, true),
    },
    {
      metric: 'p99',
      current: current.latency.p99,
      baseline: baseline.latency.p99,
      changePct: worse(current.latency.p99, baseline.latency.p99, true),
    },
    {
      metric: 'errorRate',
      current: current.errorRate,
      baseline: baseline.errorRate,
      changePct: worse(current.errorRate, baseline.errorRate, true),
    },
    {
      metric: 'rps',
      current: current.rps,
      baseline: baseline.rps,
      changePct: worse(current.rps, baseline.rps, false),
    },
  ];
  const reasons: string[] = [];
  const p95 = deltas[0];
  if (p95?.changePct !== undefined && p95.changePct > maxRegressionPct) {
    reasons.push(
      `p95 latency regressed ${p95.changePct.toFixed(1)}% (${p95.baseline?.toFixed(1)} ms → ${p95.current?.toFixed(1)} ms), over the allowed ${maxRegressionPct}%`,
    );
  }
  return { deltas, maxRegressionPct, passed: reasons.length === 0, reasons };
}
