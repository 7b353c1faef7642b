import type { BranchHits, LineHits } from './line-table';

/** The report formats this package reads, as returned by `detectFormat`. */
export type CoverageFormat =
  'lcov' | 'cobertura' | 'jacoco' | 'clover' | 'istanbul-final' | 'istanbul-summary' | 'go-coverprofile';

/** All supported formats, in the order error messages list them. */
export const SUPPORTED_FORMATS: readonly CoverageFormat[] = [
  'lcov',
  'cobertura',
  'jacoco',
  'clover',
  'istanbul-final',
  'istanbul-summary',
  'go-coverprofile',
];

/** The metric a total or threshold is about. */
export type Metric = 'lines' | 'branches' | 'functions';

/** A covered/total pair; `pct` is derived, never stored, so sums stay exact. */
export interface Counter {
  covered: number;
  total: number;
}

/** One function/method and how often it ran. */
export interface FunctionHit {
  name: string;
  line: number;
  hits: number;
}

/** One Go coverprofile block (`file:l1.c1,l2.c2 nstmts count`); blocks are the unit Go merges by. */
export interface GoBlock {
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
  statements: number;
  count: number;
}

/** Coverage of one source file. */
export interface FileCoverage {
  /** Path as found in the report until `normalizePaths` makes it repository-relative (POSIX separators). */
  path: string;
  /** True when the file lies outside the repository root; such files are kept, never dropped. */
  outside: boolean;
  /** Executable lines and their hit counts. */
  lines: LineHits;
  /** Branches per line (covered/total). */
  branches: BranchHits;
  /** Functions with hit counts. */
  functions: FunctionHit[];
  /** Go only: the profile blocks; their statements are the unit of the `lines` metric, like `go tool cover -func`. */
  goBlocks?: GoBlock[];
  /**
   * Totals stated by a format that has no per-line detail (istanbul coverage-summary.json, Clover metrics without
   * method lines, JaCoCo method counters). They take precedence over the detail for that metric.
   */
  stated?: Partial<Record<Metric, Counter>>;
}

/** One parsed report (or several merged). Files are keyed by path. */
export interface CoverageReport {
  format: CoverageFormat | 'merged';
  /** The file(s) the report came from, for error messages. */
  sources: string[];
  /** Cobertura `<sources><source>` roots, in document order; relative `filename`s are resolved against them. */
  sourceRoots: string[];
  files: Map<string, FileCoverage>;
  /** Totals the report itself states (LCOV LF/LH sums, Cobertura lines-valid, JaCoCo report counters, …). */
  statedTotals: Partial<Record<Metric, Counter>>;
}
