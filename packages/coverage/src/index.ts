export { readReport, type ReadReportOptions } from './read-report';
export { detectFormat, SNIFF_BYTES } from './detect-format';
export { CoverageInputError } from './errors';
export { mergeReports, mergeFiles } from './merge';
export { normalizePaths, toRepoPath, type PathOptions, type RepoPath } from './normalize-paths';
export { assignPackages, type PackageConfig, type PackageCoverage } from './packages';
export { parseUnifiedDiff, type ChangedLines } from './diff';
export {
  patchCoverage,
  topUncoveredRanges,
  type PatchCoverage,
  type PatchFile,
  type UncoveredRange,
} from './patch';
export {
  evaluateGates,
  worstFiles,
  type GateInput,
  type GateResult,
  type GateFailure,
  type FileResult,
} from './gates';
export { fileTotals, reportTotals, percent, meets } from './totals';
export { LineHits, BranchHits } from './line-table';
export {
  SUPPORTED_FORMATS,
  type CoverageFormat,
  type CoverageReport,
  type Counter,
  type FileCoverage,
  type FunctionHit,
  type GoBlock,
  type Metric,
} from './types';
export { goModulePath } from './go-mod';
export { buildBaseline, parseBaseline, pointsChange, type Baseline, type MetricBaseline } from './baseline';
export { summarySections, commentSections, type CoverageView } from './render';
