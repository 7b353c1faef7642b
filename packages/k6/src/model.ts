/** Which k6 output a result was read from. */
export type K6Format = 'summary-export' | 'handle-summary' | 'machine-readable' | 'ndjson';

/** One threshold expression on one metric. */
export interface K6Threshold {
  /** Metric, including a sub-metric selector such as `http_req_duration{name:login}`. */
  metric: string;
  expression: string;
  /** The value the expression's left side refers to, when the summary has it. */
  observed?: number;
  passed: boolean;
}

/** A k6 check, aggregated over the run. */
export interface K6Check {
  name: string;
  /** Group path, `::`-separated as k6 writes it ('' for the root group). */
  group: string;
  passes: number;
  fails: number;
}

/** Latency of `http_req_duration`, in milliseconds. */
export interface K6Latency {
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  avg?: number;
  max?: number;
}

/** A k6 run reduced to what a gate and a reader need. */
export interface K6Result {
  format: K6Format;
  thresholds: K6Threshold[];
  /** Failing checks first, then by name. */
  checks: K6Check[];
  latency: K6Latency;
  /** Share of failed requests (`http_req_failed` rate), 0..1. */
  errorRate?: number;
  requests?: number;
  /** Requests per second. */
  rps?: number;
  iterations?: number;
  vus?: number;
  vusMax?: number;
  durationSec?: number;
  /** The run's own verdict where the format carries one; otherwise derived from the thresholds. */
  passed: boolean;
}

/** Orders checks failures-first (most failures first), then by group and name. */
export function sortChecks(checks: K6Check[]): K6Check[] {
  return [...checks].sort(
    (a, b) =>
      Number(b.fails > 0) - Number(a.fails > 0) ||
      b.fails - a.fails ||
      a.group.localeCompare(b.group) ||
      a.name.localeCompare(b.name),
  );
}
