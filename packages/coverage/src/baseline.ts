import { assignPackages, type PackageConfig } from './packages';
import { percent, reportTotals } from './totals';
import type { CoverageReport, Metric } from './types';

const METRICS: readonly Metric[] = ['lines', 'branches', 'functions'];

/** Totals of one metric on a commit: the whole report and each configured package (null = nothing measured). */
export interface MetricBaseline {
  total: number | null;
  packages: Record<string, number | null>;
}

/**
 * What is saved for a commit of the base branch, so a later PR can compare against it. Every metric is kept,
 * so changing the `metric` input does not make the stored base useless.
 */
export interface Baseline {
  version: 1;
  sha: string;
  metrics: Partial<Record<Metric, MetricBaseline>>;
}

/** The baseline of `report` at `sha`, for every metric and package. */
export function buildBaseline(report: CoverageReport, packages: PackageConfig, sha: string): Baseline {
  const metrics: Baseline['metrics'] = {};
  for (const metric of METRICS) {
    const byPackage: Record<string, number | null> = {};
    for (const p of assignPackages(report, packages, metric)) byPackage[p.name] = p.pct;
    metrics[metric] = { total: percent(reportTotals(report, metric)), packages: byPackage };
  }
  return { version: 1, sha, metrics };
}

const isPct = (v: unknown): v is number | null =>
  v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100);

/**
 * Reads a stored baseline, or undefined when the text is not one (an older or corrupt cache entry must read as
 * "no base yet", never as a failure or a wrong comparison).
 */
export function parseBaseline(text: string): Baseline | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const b = data as Partial<Baseline>;
  if (b.version !== 1 || typeof b.sha !== 'string' || typeof b.metrics !== 'object' || !b.metrics)
    return undefined;
  for (const m of Object.values(b.metrics)) {
    if (!m || !isPct(m.total) || typeof m.packages !== 'object' || m.packages === null) return undefined;
    if (!Object.values(m.packages).every(isPct)) return undefined;
  }
  return b as Baseline;
}

/** Change in percentage points, rounded to 2 decimals; null when either side is unknown. */
export function pointsChange(current: number | null, base: number | null | undefined): number | null {
  if (current === null || base === null || base === undefined) return null;
  return Math.round((current - base) * 100) / 100;
}
