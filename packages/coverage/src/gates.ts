import type { PackageCoverage } from './packages';
import type { PatchCoverage } from './patch';
import { fileTotals, meets, percent, reportTotals } from './totals';
import type { CoverageReport, Metric } from './types';

/** Everything `evaluateGates` decides on. Thresholds are percentages (0–100). */
export interface GateInput {
  report: CoverageReport;
  metric?: Metric;
  /** Minimum total coverage. */
  threshold?: number;
  /** Patch coverage and its optional threshold. */
  patch?: PatchCoverage;
  patchThreshold?: number;
  /** Base branch total (%), null/undefined when none is known yet. */
  basePct?: number | null;
  /** Largest allowed drop in percentage points against `basePct`. */
  maxDecrease?: number;
  /** From `assignPackages`. */
  packages?: PackageCoverage[];
  /** A package that matched no files fails (default: tolerated). */
  failOnMissingPackage?: boolean;
  /** Waiver (e.g. a label): failures are kept but marked waived, and the result passes. */
  waive?: boolean;
}

/** One failed gate. */
export interface GateFailure {
  gate: 'total' | 'patch' | 'decrease' | 'package';
  message: string;
  waived: boolean;
}

/** Per-file line of the result. */
export interface FileResult {
  path: string;
  covered: number;
  total: number;
  missed: number;
  pct: number | null;
  outside: boolean;
}

/** The JSON-serialisable verdict (what the action writes to `report-json`). */
export interface GateResult {
  passed: boolean;
  waived: boolean;
  metric: Metric;
  total: { pct: number; covered: number; total: number; threshold?: number };
  patch?: {
    pct: number | null;
    covered: number;
    total: number;
    threshold?: number;
    passed: boolean;
    reason?: string;
  };
  delta?: {
    base: number | null;
    change: number | null;
    maxDecrease?: number;
    passed: boolean;
    reason?: string;
  };
  packages: PackageCoverage[];
  files: FileResult[];
  failures: GateFailure[];
}

/**
 * Applies the gates: total threshold, patch threshold, maximum decrease against the base (no base → "no base
 * yet", never a failure), per-package thresholds and missing packages. Pure: no I/O, no clock.
 */
export function evaluateGates(input: GateInput): GateResult {
  const metric = input.metric ?? 'lines';
  const totals = reportTotals(input.report, metric);
  const pct = percent(totals);
  if (pct === null)
    throw new Error(`coverage report has no measurable ${metric} (0 of 0): cannot gate on it`);
  const failures: Omit<GateFailure, 'waived'>[] = [];
  const total: GateResult['total'] = { pct, ...totals };
  if (input.threshold !== undefined) {
    total.threshold = input.threshold;
    if (!meets(totals, input.threshold)) {
      failures.push({
        gate: 'total',
        message: `total ${metric} coverage ${pct}% is below the threshold ${input.threshold}%`,
      });
    }
  }
  const result: GateResult = {
    passed: true,
    waived: false,
    metric,
    total,
    packages: input.packages ?? [],
    files: fileResults(input.report, metric),
    failures: [],
  };
  if (input.patch) result.patch = patchGate(input.patch, input.patchThreshold, failures);
  if (input.maxDecrease !== undefined || input.basePct !== undefined)
    result.delta = decreaseGate(pct, input.basePct ?? null, input.maxDecrease, failures);
  for (const p of result.packages) {
    if (p.status === 'no report') {
      if (input.failOnMissingPackage)
        failures.push({ gate: 'package', message: `package ${p.name}: no covered file matches its paths` });
    } else if (p.threshold !== undefined && !meets(p, p.threshold)) {
      failures.push({
        gate: 'package',
        message: `package ${p.name}: ${metric} coverage ${p.pct ?? 0}% is below its threshold ${p.threshold}%`,
      });
    }
  }
  const waive = input.waive === true && failures.length > 0;
  result.failures = failures.map((f) => ({ ...f, waived: waive }));
  result.waived = waive;
  result.passed = failures.length === 0 || waive;
  return result;
}

function patchGate(
  patch: PatchCoverage,
  threshold: number | undefined,
  failures: Omit<GateFailure, 'waived'>[],
): NonNullable<GateResult['patch']> {
  const out: NonNullable<GateResult['patch']> = {
    pct: patch.pct,
    covered: patch.covered,
    total: patch.total,
    passed: true,
  };
  if (threshold !== undefined) out.threshold = threshold;
  if (patch.total === 0) {
    out.reason = 'no changed executable lines';
    return out;
  }
  if (threshold !== undefined && !meets(patch, threshold)) {
    out.passed = false;
    failures.push({
      gate: 'patch',
      message: `patch coverage ${patch.pct}% (${patch.covered}/${patch.total} changed lines) is below the threshold ${threshold}%`,
    });
  }
  return out;
}

function decreaseGate(
  pct: number,
  base: number | null,
  maxDecrease: number | undefined,
  failures: Omit<GateFailure, 'waived'>[],
): NonNullable<GateResult['delta']> {
  const out: NonNullable<GateResult['delta']> = { base, change: null, passed: true };
  if (maxDecrease !== undefined) out.maxDecrease = maxDecrease;
  if (base === null) {
    out.reason = 'no base yet';
    return out;
  }
  out.change = Math.round((pct - base) * 100) / 100;
  if (maxDecrease !== undefined && base - pct > maxDecrease + 1e-9) {
    out.passed = false;
    failures.push({
      gate: 'decrease',
      message: `coverage fell by ${(base - pct).toFixed(2)} pp (${base}% → ${pct}%), more than the allowed ${maxDecrease} pp`,
    });
  }
  return out;
}

function fileResults(report: CoverageReport, metric: Metric): FileResult[] {
  return [...report.files.values()]
    .map((f) => {
      const c = fileTotals(f, metric);
      return {
        path: f.path,
        covered: c.covered,
        total: c.total,
        missed: c.total - c.covered,
        pct: percent(c),
        outside: f.outside,
      };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The `n` worst files for a summary: lowest coverage first, ties by most missed lines; fully covered and
 * unmeasurable files are left out.
 */
export function worstFiles(files: readonly FileResult[], n: number): FileResult[] {
  return files
    .filter((f) => f.missed > 0 && f.pct !== null)
    .sort((a, b) => a.pct! - b.pct! || b.missed - a.missed || a.path.localeCompare(b.path))
    .slice(0, Math.max(0, n));
}
