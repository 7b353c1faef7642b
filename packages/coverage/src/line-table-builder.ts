import { BranchHits, LineHits } from './line-table';
import type { TableArena } from './table-arena';

/** How a builder combines two entries for the same line. */
export type DuplicatePolicy = 'sum' | 'max';

/**
 * Collects line hits in any order; duplicates (e.g. Cobertura method and class `<lines>`) are combined by policy.
 * A builder whose content is sorted and exactly sized hands its arrays out without copying, so a file's table is
 * allocated once; it copies before writing again (it only writes below its capacity, which a handed-out array fills).
 */
export class LineHitsBuilder {
  private lines = new Uint32Array(0);
  private hits = new Float64Array(0);
  private n = 0;
  private sorted = true;

  /**
   * @param policy how duplicate lines combine: `max` within one report, `sum` when merging runs
   * @param arena where finished tables are allocated (a report's many small tables), else own arrays
   */
  constructor(
    private readonly policy: DuplicatePolicy = 'max',
    private readonly arena?: TableArena,
  ) {}

  /** Records `hits` for `line`. */
  add(line: number, hits: number): void {
    const n = this.n;
    if (n === this.lines.length) this.grow();
    if (n > 0 && line <= this.lines[n - 1]!) this.sorted = false;
    this.lines[n] = line;
    this.hits[n] = hits;
    this.n = n + 1;
  }

  private grow(): void {
    const lines = new Uint32Array(Math.max(64, this.lines.length * 2));
    lines.set(this.lines);
    const hits = new Float64Array(lines.length);
    hits.set(this.hits);
    this.lines = lines;
    this.hits = hits;
  }

  /** Number of entries added so far (duplicates included). */
  get count(): number {
    return this.n;
  }

  /** Adds a finished table: adopted as is when this builder is empty (no copy), else entry by entry. */
  addTable(t: LineHits): void {
    if (this.n === 0) {
      this.lines = t.lines;
      this.hits = t.hits;
      this.n = t.lines.length;
      this.sorted = true;
      return;
    }
    for (let i = 0; i < t.lines.length; i++) this.add(t.lines[i]!, t.hits[i]!);
  }

  /** Empties the builder for reuse as scratch space, keeping its capacity unless its arrays were handed out. */
  reset(): void {
    if (this.n === this.lines.length) {
      this.lines = new Uint32Array(this.lines.length);
      this.hits = new Float64Array(this.lines.length);
    }
    this.n = 0;
    this.sorted = true;
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
    const n = this.n;
    if (this.sorted) {
      // Strictly ascending: nothing to combine.
      return n === this.lines.length
        ? new LineHits(this.lines, this.hits)
        : new LineHits(copy32(this.lines, n, this.arena), copy64(this.hits, n, this.arena));
    }
    const order = sortedOrder(this.lines, n);
    const lines = new Uint32Array(n);
    const hits = new Float64Array(n);
    let m = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
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
    return new LineHits(copy32(lines, m, this.arena), copy64(hits, m, this.arena));
  }
}

/**
 * Collects branch counts per line; `sum` for formats listing one branch per entry (LCOV BRDA), else `max`.
 * Hands out and adopts arrays like `LineHitsBuilder`.
 */
export class BranchHitsBuilder {
  private lines = new Uint32Array(0);
  private covered = new Uint32Array(0);
  private total = new Uint32Array(0);
  private n = 0;
  private sorted = true;

  /** @param policy how entries for the same line combine; @param arena as for `LineHitsBuilder`. */
  constructor(
    private readonly policy: DuplicatePolicy,
    private readonly arena?: TableArena,
  ) {}

  /** Records `covered` of `total` branches on `line`. */
  add(line: number, covered: number, total: number): void {
    const n = this.n;
    if (n === this.lines.length) {
      this.lines = grow32(this.lines);
      this.covered = grow32(this.covered);
      this.total = grow32(this.total);
    }
    if (n > 0 && line <= this.lines[n - 1]!) this.sorted = false;
    this.lines[n] = line;
    this.covered[n] = covered;
    this.total[n] = total;
    this.n = n + 1;
  }

  /** Adds a finished table: adopted as is when this builder is empty (no copy), else entry by entry. */
  addTable(t: BranchHits): void {
    if (this.n === 0) {
      this.lines = t.lines;
      this.covered = t.covered;
      this.total = t.total;
      this.n = t.lines.length;
      this.sorted = true;
      return;
    }
    for (let i = 0; i < t.lines.length; i++) this.add(t.lines[i]!, t.covered[i]!, t.total[i]!);
  }

  /** Empties the builder for reuse as scratch space, like `LineHitsBuilder.reset`. */
  reset(): void {
    if (this.n === this.lines.length) {
      this.lines = new Uint32Array(this.lines.length);
      this.covered = new Uint32Array(this.lines.length);
      this.total = new Uint32Array(this.lines.length);
    }
    this.n = 0;
    this.sorted = true;
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
    const n = this.n;
    if (this.sorted) {
      return n === this.lines.length
        ? new BranchHits(this.lines, this.covered, this.total)
        : new BranchHits(
            copy32(this.lines, n, this.arena),
            copy32(this.covered, n, this.arena),
            copy32(this.total, n, this.arena),
          );
    }
    const order = sortedOrder(this.lines, n);
    const lines = new Uint32Array(n);
    const covered = new Uint32Array(n);
    const total = new Uint32Array(n);
    const sum = this.policy === 'sum';
    let m = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const line = this.lines[i]!;
      if (m > 0 && lines[m - 1] === line) {
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
    return new BranchHits(
      copy32(lines, m, this.arena),
      copy32(covered, m, this.arena),
      copy32(total, m, this.arena),
    );
  }
}

/** The first `n` entries of `a` in an exactly sized array (from `arena` when given; `a` itself if that fits). */
function copy32(a: Uint32Array<ArrayBuffer>, n: number, arena?: TableArena): Uint32Array<ArrayBuffer> {
  if (!arena) return a.length === n ? a : a.slice(0, n);
  const b = arena.u32(n);
  b.set(new Uint32Array(a.buffer, a.byteOffset, n));
  return b;
}

/** Like `copy32` for hit counts. */
function copy64(a: Float64Array<ArrayBuffer>, n: number, arena?: TableArena): Float64Array<ArrayBuffer> {
  if (!arena) return a.length === n ? a : a.slice(0, n);
  const b = arena.f64(n);
  b.set(new Float64Array(a.buffer, a.byteOffset, n));
  return b;
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
