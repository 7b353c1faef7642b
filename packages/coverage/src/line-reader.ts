import { createReadStream } from 'node:fs';

/** Called once per line with the bytes `buf[start, end)` (line terminator and trailing `\r` excluded). */
export type LineHandler = (buf: Buffer, start: number, end: number, lineNo: number) => void;

/** Called with whole lines `buf[start, end)`: the block ends with a `\n`, so a scan needs no bounds check. */
export type BlockHandler = (buf: Buffer, start: number, end: number) => void;

const NEWLINE = Buffer.from('\n');

/**
 * Streams `path` in 4 MB chunks and hands them on as blocks of whole lines, without decoding the text. Only the
 * line a chunk boundary cuts is copied (joined with the head of the next chunk); a last line without newline gets
 * one. Line formats (LCOV, Go) parse their numbers straight from these bytes, so a 1 GB report costs neither a
 * string per line nor the whole file in memory.
 */
export async function forEachBlock(path: string, onBlock: BlockHandler): Promise<void> {
  let rest: Buffer | null = null;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }) as AsyncIterable<Buffer>) {
    let start = 0;
    if (rest) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        rest = Buffer.concat([rest, chunk]);
        continue;
      }
      const line = Buffer.concat([rest, chunk.subarray(0, nl + 1)]);
      onBlock(line, 0, line.length);
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) {
      onBlock(chunk, start, last + 1);
      start = last + 1;
    }
    rest = start < chunk.length ? chunk.subarray(start) : null;
  }
  if (rest) onBlock(Buffer.concat([rest, NEWLINE]), 0, rest.length + 1);
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
