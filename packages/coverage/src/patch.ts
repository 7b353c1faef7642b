import type { ChangedLines } from './diff';
import { percent } from './totals';
import type { CoverageReport } from './types';

/** A run of uncovered changed lines (`start`..`end` inclusive) in one file. */
export interface UncoveredRange {
  path: string;
  start: number;
  end: number;
  /** Uncovered executable lines in the range (non-executable lines inside do not count). */
  lines: number;
}

/** Patch coverage of one file. */
export interface PatchFile {
  path: string;
  covered: number;
  total: number;
  uncoveredLines: number[];
  uncoveredRanges: UncoveredRange[];
}

/** Coverage of the changed (added) executable lines. */
export interface PatchCoverage {
  covered: number;
  total: number;
  /** Truncated to 2 decimals; null when no changed line is executable. */
  pct: number | null;
  /** Set when there is nothing to measure: the patch gate then passes for this reason. */
  reason?: 'no changed executable lines';
  files: PatchFile[];
  /** Changed files the report has no line detail for (not in the report, or totals-only formats). */
  unmeasured: string[];
}

/**
 * Intersects changed lines with the report: a changed line counts when it is executable, and is covered when
 * hit. Lines that are not executable (comments, blank lines) never count. Paths must be normalised first.
 */
export function patchCoverage(report: CoverageReport, changed: ChangedLines): PatchCoverage {
  const files: PatchFile[] = [];
  const unmeasured: string[] = [];
  let covered = 0;
  let total = 0;
  for (const [path, lines] of changed) {
    const file = report.files.get(path);
    if (!file || file.lines.size === 0) {
      unmeasured.push(path);
      continue;
    }
    const entry: PatchFile = { path, covered: 0, total: 0, uncoveredLines: [], uncoveredRanges: [] };
    let range: UncoveredRange | null = null;
    for (const line of lines) {
      const hits = file.lines.get(line);
      if (hits === undefined) continue;
      entry.total++;
      if (hits > 0) {
        entry.covered++;
        range = null;
        continue;
      }
      entry.uncoveredLines.push(line);
      // Extend the current run when only non-executable lines lie between (a comment inside an untested block).
      if (range && !hasExecutableBetween(file.lines, range.end, line)) {
        range.end = line;
        range.lines++;
      } else {
        range = { path, start: line, end: line, lines: 1 };
        entry.uncoveredRanges.push(range);
      }
    }
    if (entry.total === 0) continue;
    covered += entry.covered;
    total += entry.total;
    files.push(entry);
  }
  const result: PatchCoverage = { covered, total, pct: percent({ covered, total }), files, unmeasured };
  if (total === 0) result.reason = 'no changed executable lines';
  return result;
}

function hasExecutableBetween(
  lines: { get(line: number): number | undefined },
  from: number,
  to: number,
): boolean {
  for (let l = from + 1; l < to; l++) if (lines.get(l) !== undefined) return true;
  return false;
}

/**
 * At most `max` uncovered ranges for annotations, most important first: the largest runs of uncovered lines,
 * ties by path and line so the choice is stable.
 */
export function topUncoveredRanges(patch: PatchCoverage, max: number): UncoveredRange[] {
  return patch.files
    .flatMap((f) => f.uncoveredRanges)
    .sort((a, b) => b.lines - a.lines || a.path.localeCompare(b.path) || a.start - b.start)
    .slice(0, Math.max(0, max));
}
