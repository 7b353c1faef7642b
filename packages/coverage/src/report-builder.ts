import { BranchHitsBuilder, LineHits, LineHitsBuilder, type DuplicatePolicy } from './line-table';
import type {
  CoverageFormat,
  CoverageReport,
  Counter,
  FileCoverage,
  FunctionHit,
  GoBlock,
  Metric,
} from './types';

/** Mutable per-file state while a parser streams through a report. */
export interface FileAccumulator {
  lines: LineHitsBuilder;
  branches: BranchHitsBuilder;
  functions: FunctionHit[];
  goBlocks?: GoBlock[];
  stated?: Partial<Record<Metric, Counter>>;
}

/** Collects files by path while a parser streams; `finish` freezes them into a `CoverageReport`. */
export class ReportBuilder {
  private readonly files = new Map<string, FileAccumulator>();
  /** Cobertura `<source>` roots. */
  readonly sourceRoots: string[] = [];
  /** Totals the report states about itself. */
  readonly statedTotals: Partial<Record<Metric, Counter>> = {};

  /**
   * @param format the format being parsed
   * @param source the report file, for error messages
   * @param branchPolicy `sum` when each branch entry is one branch (LCOV), `max` when entries repeat a line's count
   */
  constructor(
    private readonly format: CoverageFormat,
    private readonly source: string,
    private readonly branchPolicy: DuplicatePolicy = 'max',
  ) {}

  /** The accumulator for `path`, created on first use (several classes may share one source file). */
  file(path: string): FileAccumulator {
    let f = this.files.get(path);
    if (!f) {
      path = ownString(path);
      f = {
        lines: new LineHitsBuilder('max'),
        branches: new BranchHitsBuilder(this.branchPolicy),
        functions: [],
      };
      this.files.set(path, f);
    }
    return f;
  }

  /** Right-sizes a file's buffers when its section of the report ends (see `LineHitsBuilder.compact`). */
  endSection(acc: FileAccumulator): void {
    acc.lines.compact();
    acc.branches.compact();
  }

  /** Adds `c` to the report's own stated total for `metric`. */
  addStated(metric: Metric, c: Counter): void {
    const t = (this.statedTotals[metric] ??= { covered: 0, total: 0 });
    t.covered += c.covered;
    t.total += c.total;
  }

  /** Freezes everything into an immutable report. */
  finish(): CoverageReport {
    const files = new Map<string, FileCoverage>();
    for (const [path, f] of this.files) {
      const file: FileCoverage = {
        path,
        outside: false,
        lines: f.lines.count ? f.lines.finish() : LineHits.empty(),
        branches: f.branches.finish(),
        functions: f.functions,
      };
      if (f.goBlocks) file.goBlocks = f.goBlocks;
      if (f.stated) file.stated = f.stated;
      files.set(path, file);
    }
    return {
      format: this.format,
      sources: [this.source],
      sourceRoots: this.sourceRoots,
      files,
      statedTotals: this.statedTotals,
    };
  }
}

/**
 * A copy of `s` that does not share memory with the text it was cut from. V8 substrings point into their parent:
 * a file name sliced from a 1 MB XML chunk would keep the whole chunk alive, and a 300 MB report would stay in memory.
 */
export function ownString(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}
