import { CoverageInputError } from './errors';
import { forEachLine } from './line-reader';
import { ReportBuilder } from './report-builder';
import type { CoverageReport, GoBlock } from './types';

const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/;

/**
 * Parses a Go coverprofile (`mode: set|count|atomic`, then `file:l1.c1,l2.c2 nstmts count`). A block that repeats
 * (one test binary per package with -coverpkg) is merged like `go tool cover` does: `set` ORs, the others add.
 * Statements are the unit of the `lines` metric, as in `go tool cover -func`.
 */
export async function parseGoProfile(path: string): Promise<CoverageReport> {
  const report = new ReportBuilder('go-coverprofile', path);
  const blocks = new Map<string, Map<string, GoBlock>>();
  let mode = '';
  await forEachLine(path, (buf, s, e, lineNo) => {
    const text = buf.toString('utf8', s, e).trim();
    if (!text) return;
    if (!mode) {
      const m = /^mode: (set|count|atomic)$/.exec(text);
      if (!m)
        throw new CoverageInputError(
          path,
          `expected "mode: set|count|atomic" as the first line, got "${text.slice(0, 80)}"`,
          lineNo,
        );
      mode = m[1]!;
      return;
    }
    // A merged profile (several `go test` runs concatenated) repeats the mode line.
    if (text.startsWith('mode: ')) return;
    const m = BLOCK.exec(text);
    if (!m)
      throw new CoverageInputError(
        path,
        `malformed coverprofile block "${text.slice(0, 120)}", expected file:l1.c1,l2.c2 nstmts count`,
        lineNo,
      );
    const file = m[1]!;
    const key = `${m[2]}.${m[3]},${m[4]}.${m[5]}`;
    const count = Number(m[7]);
    let fileBlocks = blocks.get(file);
    if (!fileBlocks) blocks.set(file, (fileBlocks = new Map<string, GoBlock>()));
    const known = fileBlocks.get(key);
    if (known) {
      known.count = mode === 'set' ? (known.count || count ? 1 : 0) : known.count + count;
      return;
    }
    fileBlocks.set(key, {
      startLine: Number(m[2]),
      startCol: Number(m[3]),
      endLine: Number(m[4]),
      endCol: Number(m[5]),
      statements: Number(m[6]),
      count,
    });
  });
  if (!mode) throw new CoverageInputError(path, 'empty Go coverprofile (no "mode:" line)');
  for (const [file, fileBlocks] of blocks) {
    const acc = report.file(file);
    acc.goBlocks = [...fileBlocks.values()];
    addBlockLines(acc.lines, acc.goBlocks);
  }
  return report.finish();
}

/** A line is executable when a block spans it, and hit when any block spanning it ran (max count). */
export function addBlockLines(lines: { add(line: number, hits: number): void }, goBlocks: GoBlock[]): void {
  for (const b of goBlocks) for (let l = b.startLine; l <= b.endLine; l++) lines.add(l, b.count);
}
