import { addBlockLines } from './parse-go';
import { LineHitsBuilder } from './line-table-builder';
import type { CoverageReport, FileCoverage, FunctionHit, GoBlock } from './types';

/**
 * Merges several reports (e.g. unit + integration) into one. Per file the executable lines are the union and a
 * line is hit when any run hit it, so a line covered by both runs still counts once. Go blocks merge by block,
 * functions by name, branches per line (larger count wins). Normalise paths first so the same file matches.
 */
export function mergeReports(reports: readonly CoverageReport[]): CoverageReport {
  if (reports.length === 1) return reports[0]!;
  const files = new Map<string, FileCoverage>();
  for (const report of reports) {
    for (const file of report.files.values()) {
      const known = files.get(file.path);
      files.set(file.path, known ? mergeFiles(known, file) : file);
    }
  }
  return {
    format: 'merged',
    sources: reports.flatMap((r) => r.sources),
    sourceRoots: [...new Set(reports.flatMap((r) => r.sourceRoots))],
    files,
    statedTotals: {},
  };
}

/** Union of two coverages of the same file. */
export function mergeFiles(a: FileCoverage, b: FileCoverage): FileCoverage {
  const merged: FileCoverage = {
    path: a.path,
    outside: a.outside && b.outside,
    lines: a.lines.union(b.lines),
    branches: a.branches.union(b.branches),
    functions: mergeFunctions(a.functions, b.functions),
  };
  if (a.goBlocks || b.goBlocks) {
    merged.goBlocks = mergeBlocks(a.goBlocks ?? [], b.goBlocks ?? []);
    const lines = new LineHitsBuilder('max');
    addBlockLines(lines, merged.goBlocks);
    merged.lines = lines.finish();
  }
  // Totals-only data cannot be unioned line by line; keep the better-covered side rather than add them up.
  const stated = { ...b.stated, ...a.stated };
  for (const metric of ['lines', 'branches', 'functions'] as const) {
    const x = a.stated?.[metric];
    const y = b.stated?.[metric];
    if (x && y) stated[metric] = x.covered / (x.total || 1) >= y.covered / (y.total || 1) ? x : y;
  }
  if (Object.keys(stated).length) merged.stated = stated;
  return merged;
}

function mergeFunctions(a: FunctionHit[], b: FunctionHit[]): FunctionHit[] {
  const byKey = new Map<string, FunctionHit>();
  for (const f of [...a, ...b]) {
    const key = `${f.name}@${f.line}`;
    const known = byKey.get(key);
    if (known) known.hits += f.hits;
    else byKey.set(key, { ...f });
  }
  return [...byKey.values()];
}

function mergeBlocks(a: GoBlock[], b: GoBlock[]): GoBlock[] {
  const byKey = new Map<string, GoBlock>();
  for (const block of [...a, ...b]) {
    const key = `${block.startLine}.${block.startCol},${block.endLine}.${block.endCol}`;
    const known = byKey.get(key);
    if (known) known.count += block.count;
    else byKey.set(key, { ...block });
  }
  return [...byKey.values()];
}
