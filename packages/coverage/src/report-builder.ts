import { LineHits } from './line-table';
import { BranchHitsBuilder, LineHitsBuilder, type DuplicatePolicy } from './line-table-builder';
import { TableArena } from './table-arena';
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
  private readonly arena = new TableArena();
  private readonly scratchLines = new LineHitsBuilder('max', this.arena);
  private readonly scratchBranches: BranchHitsBuilder;
  private section: { acc: FileAccumulator; stored: FileAccumulator } | null = null;
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
  ) {
    this.scratchBranches = new BranchHitsBuilder(branchPolicy, this.arena);
  }

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

  /**
   * Starts the contiguous section of `path` (an LCOV record, a Cobertura class). Its lines and branches go to
   * scratch tables reused from section to section and reach the file, exactly sized, at `endSection`: a large
   * report then allocates each file's tables once instead of growing them per file.
   */
  beginSection(path: string): FileAccumulator {
    if (this.section) this.endSection(this.section.acc);
    const stored = this.file(path);
    this.scratchLines.reset();
    this.scratchBranches.reset();
    const acc: FileAccumulator = {
      lines: this.scratchLines,
      branches: this.scratchBranches,
      functions: stored.functions,
    };
    this.section = { acc, stored };
    return acc;
  }

  /**
   * Ends a section from `beginSection`, or right-sizes the buffers of an accumulator from `file` when its part of
   * the report ends (see `LineHitsBuilder.compact`).
   */
  endSection(acc: FileAccumulator): void {
    const section = this.section;
    if (section?.acc === acc) {
      this.section = null;
      section.stored.lines.addTable(this.scratchLines.finish());
      section.stored.branches.addTable(this.scratchBranches.finish());
      acc = section.stored;
    } else if (acc.lines === this.scratchLines) {
      return; // a section already ended (its scratch tables now serve another)
    }
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
    if (this.section) this.endSection(this.section.acc);
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
