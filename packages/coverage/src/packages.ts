import picomatch from 'picomatch';
import { percent, reportTotals } from './totals';
import type { Counter, CoverageReport, Metric } from './types';

/** Monorepo package definitions: name → globs over repository-relative paths and an optional threshold (%). */
export type PackageConfig = Record<string, { paths: readonly string[]; threshold?: number }>;

/** Coverage of one configured package. */
export interface PackageCoverage {
  name: string;
  /** `no report` when no covered file matched the package's globs. */
  status: 'ok' | 'no report';
  files: string[];
  covered: number;
  total: number;
  /** Truncated to 2 decimals; null when the package has no files or no measurable lines. */
  pct: number | null;
  threshold?: number;
}

/**
 * Assigns the report's (normalised) files to packages with picomatch globs and totals each package for
 * `metric`. A file may belong to several packages when globs overlap; outside files never match.
 */
export function assignPackages(
  report: CoverageReport,
  config: PackageConfig,
  metric: Metric = 'lines',
): PackageCoverage[] {
  return Object.entries(config).map(([name, def]) => {
    if (!Array.isArray(def.paths) || def.paths.length === 0) {
      throw new Error(
        `package "${name}": paths must be a non-empty list of globs, got ${JSON.stringify(def.paths)}`,
      );
    }
    const match = picomatch(def.paths as string[], { dot: true });
    const files: string[] = [];
    const totals: Counter = reportTotals(report, metric, (f) => {
      const hit = !f.outside && match(f.path);
      if (hit) files.push(f.path);
      return hit;
    });
    const result: PackageCoverage = {
      name,
      status: files.length ? 'ok' : 'no report',
      files: files.sort(),
      covered: totals.covered,
      total: totals.total,
      pct: percent(totals),
    };
    if (def.threshold !== undefined) result.threshold = def.threshold;
    return result;
  });
}
