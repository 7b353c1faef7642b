/**
 * Compact per-file line tables. A 300 MB report holds millions of lines; typed arrays keep that at ~12 bytes a line
 * where a Map would need ~40 and push the process past its memory budget.
 */

/** Executable lines of one file (ascending, unique) and their hit counts. */
export class LineHits {
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

  /** Number of lines hit at least once. */
  coveredCount(): number {
    let n = 0;
    for (const h of this.hits) if (h > 0) n++;
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

/** How a builder combines two entries for the same line. */
export type DuplicatePolicy = 'sum' | 'max';

/** Collects line hits in any order; duplicates (e.g. Cobertura method and class `<lines>`) are combined by policy. */
export class LineHitsBuilder {
  private lines = new Uint32Array(16);
  private hits = new Float64Array(16);
  private n = 0;
  private sorted = true;

  /** @param policy how duplicate lines combine: `max` within one report, `sum` when merging runs. */
  constructor(private readonly policy: DuplicatePolicy = 'max') {}

  /** Records `hits` for `line`. */
  add(line: number, hits: number): void {
    if (this.n === this.lines.length) {
      this.lines = grow32(this.lines);
      const h = new Float64Array(Math.max(16, this.hits.length * 2));
      h.set(this.hits);
      this.hits = h;
    }
    if (this.n > 0 && line <= this.lines[this.n - 1]!) this.sorted = false;
    this.lines[this.n] = line;
    this.hits[this.n] = hits;
    this.n++;
  }

  /** Number of entries added so far (duplicates included). */
  get count(): number {
    return this.n;
  }

  /**
   * Shrinks the buffers to their content (sorted, deduplicated). Parsers call it when a file's section ends, so
   * thousands of half-empty doubling buffers do not pile up while the rest of a large report streams by.
   */
  compact(): void {
    const t = this.finish();
    this.lines = t.lines;
    this.hits = t.hits;
    this.n = t.lines.length;
    this.sorted = true;
  }

  /** Sorts, combines duplicates and returns right-sized arrays. */
  finish(): LineHits {
    const order = this.sorted ? null : sortedOrder(this.lines, this.n);
    const lines = new Uint32Array(this.n);
    const hits = new Float64Array(this.n);
    let m = 0;
    for (let k = 0; k < this.n; k++) {
      const i = order ? order[k]! : k;
      const line = this.lines[i]!;
      const h = this.hits[i]!;
      if (m > 0 && lines[m - 1] === line) {
        hits[m - 1] = this.policy === 'sum' ? hits[m - 1]! + h : Math.max(hits[m - 1]!, h);
      } else {
        lines[m] = line;
        hits[m] = h;
        m++;
      }
    }
    return new LineHits(lines.slice(0, m), hits.slice(0, m));
  }
}

/** Collects branch counts per line; `sum` for formats listing one branch per entry (LCOV BRDA), else `max`. */
export class BranchHitsBuilder {
  private lines = new Uint32Array(8);
  private covered = new Uint32Array(8);
  private total = new Uint32Array(8);
  private n = 0;
  private sorted = true;

  /** @param policy how entries for the same line combine. */
  constructor(private readonly policy: DuplicatePolicy) {}

  /** Records `covered` of `total` branches on `line`. */
  add(line: number, covered: number, total: number): void {
    if (this.n === this.lines.length) {
      this.lines = grow32(this.lines);
      this.covered = grow32(this.covered);
      this.total = grow32(this.total);
    }
    if (this.n > 0 && line <= this.lines[this.n - 1]!) this.sorted = false;
    this.lines[this.n] = line;
    this.covered[this.n] = covered;
    this.total[this.n] = total;
    this.n++;
  }

  /** Shrinks the buffers to their content, like `LineHitsBuilder.compact`. */
  compact(): void {
    const t = this.finish();
    this.lines = t.lines;
    this.covered = t.covered;
    this.total = t.total;
    this.n = t.lines.length;
    this.sorted = true;
  }

  /** Sorts, combines duplicates and returns right-sized arrays. */
  finish(): BranchHits {
    const order = this.sorted ? null : sortedOrder(this.lines, this.n);
    const lines = new Uint32Array(this.n);
    const covered = new Uint32Array(this.n);
    const total = new Uint32Array(this.n);
    let m = 0;
    for (let k = 0; k < this.n; k++) {
      const i = order ? order[k]! : k;
      const line = this.lines[i]!;
      if (m > 0 && lines[m - 1] === line) {
        const sum = this.policy === 'sum';
        covered[m - 1] = sum
          ? covered[m - 1]! + this.covered[i]!
          : Math.max(covered[m - 1]!, this.covered[i]!);
        total[m - 1] = sum ? total[m - 1]! + this.total[i]! : Math.max(total[m - 1]!, this.total[i]!);
      } else {
        lines[m] = line;
        covered[m] = this.covered[i]!;
        total[m] = this.total[i]!;
        m++;
      }
    }
    return new BranchHits(lines.slice(0, m), covered.slice(0, m), total.slice(0, m));
  }
}

function grow32(a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(Math.max(16, a.length * 2));
  b.set(a);
  return b;
}

/** Stable index order of the first `n` entries by line number. */
function sortedOrder(lines: Uint32Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => lines[a]! - lines[b]! || a - b);
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
