import type { Counter, CoverageReport, FileCoverage, Metric } from './types';

/**
 * A file's covered/total for `metric`. Stated totals (summary-only formats) win; Go counts statements of its
 * blocks, like `go tool cover -func`; everything else counts executable lines, branches, functions.
 */
export function fileTotals(file: FileCoverage, metric: Metric): Counter {
  const stated = file.stated?.[metric];
  if (stated) return { covered: stated.covered, total: stated.total };
  if (metric === 'branches') return file.branches.counter();
  if (metric === 'functions') {
    let covered = 0;
    for (const f of file.functions) if (f.hits > 0) covered++;
    return { covered, total: file.functions.length };
  }
  if (file.goBlocks) {
    let covered = 0;
    let total = 0;
    for (const b of file.goBlocks) {
      total += b.statements;
      if (b.count > 0) covered += b.statements;
    }
    return { covered, total };
  }
  return { covered: file.lines.coveredCount(), total: file.lines.size };
}

/** Sum of `fileTotals` over the report's files (optionally only those `include` accepts). */
export function reportTotals(
  report: CoverageReport,
  metric: Metric,
  include?: (file: FileCoverage) => boolean,
): Counter {
  let covered = 0;
  let total = 0;
  for (const file of report.files.values()) {
    if (include && !include(file)) continue;
    const c = fileTotals(file, metric);
    covered += c.covered;
    total += c.total;
  }
  return { covered, total };
}

/**
 * Percentage with 2 decimals, truncated like istanbul so a figure never reads as passing when it does not
 * (79.996 shows 79.99). Null for 0 of 0: "nothing measured" is not a percentage.
 */
export function percent(c: Counter): number | null {
  if (c.total === 0) return null;
  return Math.floor((c.covered * 10000) / c.total + 1e-9) / 100;
}

/** True when `c` reaches `threshold` percent, compared exactly (not on the truncated figure). */
export function meets(c: Counter, threshold: number): boolean {
  return c.covered * 100 >= threshold * c.total - 1e-9;
}
