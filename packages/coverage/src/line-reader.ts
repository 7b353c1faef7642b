import { open } from 'node:fs/promises';

/** Called once per line with the bytes `buf[start, end)` (line terminator and trailing `\r` excluded). */
export type LineHandler = (buf: Buffer, start: number, end: number, lineNo: number) => void;

/**
 * Called with whole lines `buf[start, end)`: the block ends with a `\n`, so a scan needs no bounds check. `buf` is
 * reused for the next block: copy (decode) whatever must outlive the call.
 */
export type BlockHandler = (buf: Buffer, start: number, end: number) => void;

/** Read size; a line longer than this doubles the buffer. */
const BLOCK_BYTES = 1 << 22;

/**
 * Reads `path` in 4 MB blocks of whole lines into one reused buffer, without decoding the text: the unfinished
 * last line moves to the front and the next read fills in behind it. Line formats (LCOV, Go) parse their numbers
 * straight from these bytes, so a 1 GB report costs neither a string per line, nor the whole file in memory, nor
 * a fresh buffer per chunk for the garbage collector to chase.
 */
export async function forEachBlock(path: string, onBlock: BlockHandler): Promise<void> {
  const handle = await open(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(BLOCK_BYTES);
    let filled = 0; // bytes of an unfinished line at the start of buf
    for (;;) {
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, null);
      if (bytesRead === 0) break;
      const end = filled + bytesRead;
      const last = buf.lastIndexOf(10, end - 1);
      if (last === -1) {
        filled = end;
        continue;
      }
      onBlock(buf, 0, last + 1);
      buf.copyWithin(0, last + 1, end);
      filled = end - last - 1;
    }
    if (filled > 0) {
      // A last line without newline gets one, so handlers see only whole lines.
      if (filled === buf.length) buf = Buffer.concat([buf, Buffer.from('\n')]);
      else buf[filled] = 10;
      onBlock(buf, 0, filled + 1);
    }
  } finally {
    await handle.close();
  }
}

/** Calls `onLine` per line of `path` (see `forEachBlock`), numbering lines from 1. */
export async function forEachLine(path: string, onLine: LineHandler): Promise<void> {
  let lineNo = 0;
  await forEachBlock(path, (buf, from, end) => {
    let start = from;
    for (let i = from; i < end; i++) {
      if (buf[i] !== 10) continue;
      lineNo++;
      onLine(buf, start, i > start && buf[i - 1] === 13 ? i - 1 : i, lineNo);
      start = i + 1;
    }
  });
}

/** Cursor for the byte-level number readers below (module state avoids allocating a result object per call). */
export const cursor = { pos: 0 };

/**
 * Reads a non-negative decimal integer at `buf[from]`, stopping at the first non-digit; sets `cursor.pos` to that
 * byte. Returns -1 when no digit is present. A leading `-` (gcov's negative counts) yields 0.
 */
export function readNumber(buf: Buffer, from: number, end: number): number {
  let i = from;
  let negative = false;
  if (i < end && buf[i] === 45) {
    negative = true;
    i++;
  }
  let value = 0;
  const first = i;
  while (i < end) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
    i++;
  }
  cursor.pos = i;
  if (i === first) return -1;
  return negative ? 0 : value;
}

/** True when `buf[start, end)` begins with the ASCII `prefix`. */
export function startsWith(buf: Buffer, start: number, end: number, prefix: string): boolean {
  if (end - start < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (buf[start + k] !== prefix.charCodeAt(k)) return false;
  return true;
}
