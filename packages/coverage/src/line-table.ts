/**
 * Compact per-file line tables. A 300 MB report holds millions of lines; typed arrays keep that at ~12 bytes a line
 * where a Map would need ~40 and push the process past its memory budget. Builders live in line-table-builder.ts
 * (the two modules use each other only inside methods, never while loading).
 */
import { BranchHitsBuilder, LineHitsBuilder } from './line-table-builder';

/** Executable lines of one file (ascending, unique) and their hit counts. */
export class LineHits {
  private covered = -1;

  /** @param lines ascending unique line numbers; @param hits hit count per entry of `lines`. */
  constructor(
    readonly lines: Uint32Array<ArrayBuffer>,
    readonly hits: Float64Array<ArrayBuffer>,
  ) {}

  /** An empty table. */
  static empty(): LineHits {
    return new LineHits(new Uint32Array(0), new Float64Array(0));
  }

  /** Number of executable lines. */
  get size(): number {
    return this.lines.length;
  }

  /** Hit count of `line`, or undefined when the line is not executable. */
  get(line: number): number | undefined {
    const i = findIndex(this.lines, line);
    return i < 0 ? undefined : this.hits[i];
  }

  /** Number of lines hit at least once (counted once: totals and gates ask for it several times per file). */
  coveredCount(): number {
    if (this.covered >= 0) return this.covered;
    let n = 0;
    const hits = this.hits;
    for (let i = 0; i < hits.length; i++) if (hits[i]! > 0) n++;
    this.covered = n;
    return n;
  }

  /** Union of two tables: a line is executable if either has it; hits add up (a hit line stays hit once). */
  union(other: LineHits): LineHits {
    const b = new LineHitsBuilder('sum');
    for (let i = 0; i < this.lines.length; i++) b.add(this.lines[i]!, this.hits[i]!);
    for (let i = 0; i < other.lines.length; i++) b.add(other.lines[i]!, other.hits[i]!);
    return b.finish();
  }
}

/** Branches of one file grouped per line (ascending, unique). */
export class BranchHits {
  /** @param lines ascending unique line numbers; covered/total are per entry of `lines`. */
  constructor(
    readonly lines: Uint32Array<ArrayBuffer>,
    readonly covered: Uint32Array<ArrayBuffer>,
    readonly total: Uint32Array<ArrayBuffer>,
  ) {}

  /** An empty table. */
  static empty(): BranchHits {
    return new BranchHits(new Uint32Array(0), new Uint32Array(0), new Uint32Array(0));
  }

  /** Sum over all lines. */
  counter(): { covered: number; total: number } {
    let covered = 0;
    let total = 0;
    for (let i = 0; i < this.lines.length; i++) {
      covered += this.covered[i]!;
      total += this.total[i]!;
    }
    return { covered, total };
  }

  /**
   * Union per line. Formats do not share branch identities, so per line the larger total and the larger covered
   * count win: merging unit and integration runs never counts a branch twice.
   */
  union(other: BranchHits): BranchHits {
    const b = new BranchHitsBuilder('max');
    for (const t of [this, other])
      for (let i = 0; i < t.lines.length; i++) b.add(t.lines[i]!, t.covered[i]!, t.total[i]!);
    return b.finish();
  }
}

/** Binary search; -1 when absent. */
function findIndex(lines: Uint32Array, line: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = lines[mid]!;
    if (v === line) return mid;
    if (v < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
