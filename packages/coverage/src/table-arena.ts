/** Bytes per slab; tables larger than a quarter of it get an ArrayBuffer of their own. */
const SLAB_BYTES = 1 << 20;

/**
 * Hands out the exactly sized arrays of finished line tables as views into shared 1 MB slabs. A report has
 * thousands of files with a few arrays each; one ArrayBuffer per array costs an off-heap allocation and its
 * tracking every time (a third of an LCOV parse), a view into a slab costs only the view object. Slabs are full
 * when replaced and live as long as the report that holds their tables.
 */
export class TableArena {
  private slab = new ArrayBuffer(0);
  private offset = 0;

  /** A zeroed `Uint32Array` of `n` entries. */
  u32(n: number): Uint32Array<ArrayBuffer> {
    const bytes = n * 4;
    if (bytes > SLAB_BYTES >> 2) return new Uint32Array(n);
    const at = this.take(bytes);
    return new Uint32Array(this.slab, at, n);
  }

  /** A zeroed `Float64Array` of `n` entries. */
  f64(n: number): Float64Array<ArrayBuffer> {
    const bytes = n * 8;
    if (bytes > SLAB_BYTES >> 2) return new Float64Array(n);
    const at = this.take(bytes);
    return new Float64Array(this.slab, at, n);
  }

  /** Reserves `bytes` (8-byte aligned, so any typed array fits) and returns their offset in `this.slab`. */
  private take(bytes: number): number {
    if (this.offset + bytes > this.slab.byteLength) {
      this.slab = new ArrayBuffer(SLAB_BYTES);
      this.offset = 0;
    }
    const at = this.offset;
    this.offset = (at + bytes + 7) & ~7;
    return at;
  }
}
