import { createReadStream } from 'node:fs';

/** Called once per line with the bytes `buf[start, end)` (line terminator and trailing `\r` excluded). */
export type LineHandler = (buf: Buffer, start: number, end: number, lineNo: number) => void;

/**
 * Streams `path` and calls `onLine` per line without decoding the text: line formats (LCOV, Go) parse numbers
 * straight from bytes, so a 1 GB report costs neither a string per line nor the whole file in memory.
 */
export async function forEachLine(path: string, onLine: LineHandler): Promise<void> {
  let rest: Buffer | null = null;
  let lineNo = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }) as AsyncIterable<Buffer>) {
    const buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    let nl = buf.indexOf(10, start);
    while (nl !== -1) {
      lineNo++;
      onLine(buf, start, nl > start && buf[nl - 1] === 13 ? nl - 1 : nl, lineNo);
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    rest = start < buf.length ? buf.subarray(start) : null;
  }
  if (rest) {
    const end = rest[rest.length - 1] === 13 ? rest.length - 1 : rest.length;
    onLine(rest, 0, end, lineNo + 1);
  }
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
