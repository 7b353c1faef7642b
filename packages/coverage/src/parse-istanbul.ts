import { CoverageInputError } from './errors';
import { isObject, readJson } from './read-json';
import { ReportBuilder } from './report-builder';
import type { Counter, CoverageReport, Metric } from './types';

interface Loc {
  start?: { line?: number };
}

/**
 * Parses istanbul `coverage-final.json` (also c8's `json` reporter). Line coverage is derived the way istanbul
 * does: each statement counts on its start line, a line keeps the highest count of its statements.
 */
export async function parseIstanbulFinal(path: string, maxBytes?: number): Promise<CoverageReport> {
  const data = await readJson(path, maxBytes);
  if (!isObject(data))
    throw new CoverageInputError(path, 'istanbul coverage-final.json must be an object keyed by file path');
  const report = new ReportBuilder('istanbul-final', path, 'sum');
  for (const [key, entry] of Object.entries(data)) {
    if (!isObject(entry) || !isObject(entry.statementMap) || !isObject(entry.s)) {
      throw new CoverageInputError(
        path,
        `entry "${key}" lacks statementMap/s: not istanbul coverage-final.json`,
      );
    }
    const file = report.file(typeof entry.path === 'string' ? entry.path : key);
    const s = entry.s as Record<string, number>;
    for (const [id, loc] of Object.entries(entry.statementMap as Record<string, Loc>)) {
      const line = loc.start?.line;
      if (typeof line === 'number') file.lines.add(line, s[id] ?? 0);
    }
    const f = isObject(entry.f) ? (entry.f as Record<string, number>) : {};
    const fnMap = isObject(entry.fnMap)
      ? (entry.fnMap as Record<string, { name?: string; decl?: Loc; loc?: Loc; line?: number }>)
      : {};
    for (const [id, fn] of Object.entries(fnMap)) {
      file.functions.push({
        name: fn.name ?? `(fn ${id})`,
        line: fn.decl?.start?.line ?? fn.loc?.start?.line ?? fn.line ?? 0,
        hits: f[id] ?? 0,
      });
    }
    const b = isObject(entry.b) ? (entry.b as Record<string, number[]>) : {};
    const branchMap = isObject(entry.branchMap)
      ? (entry.branchMap as Record<string, { loc?: Loc; locations?: Loc[]; line?: number }>)
      : {};
    for (const [id, br] of Object.entries(branchMap)) {
      const counts = b[id] ?? [];
      const line = br.loc?.start?.line ?? br.locations?.[0]?.start?.line ?? br.line ?? 0;
      file.branches.add(line, counts.filter((c) => c > 0).length, counts.length);
    }
  }
  return report.finish();
}

const METRICS: Metric[] = ['lines', 'branches', 'functions'];

/**
 * Parses istanbul `coverage-summary.json`: totals only, per file and overall. `"pct": "Unknown"` is istanbul's
 * 0-of-0; it stays a 0/0 counter so that an empty report is recognised as empty, never as 0 % or 100 %.
 */
export async function parseIstanbulSummary(path: string, maxBytes?: number): Promise<CoverageReport> {
  const data = await readJson(path, maxBytes);
  if (!isObject(data) || !isObject(data.total))
    throw new CoverageInputError(path, 'istanbul coverage-summary.json must have a "total" object');
  const report = new ReportBuilder('istanbul-summary', path);
  for (const [key, entry] of Object.entries(data)) {
    const stated: Partial<Record<Metric, Counter>> = {};
    for (const metric of METRICS) {
      const c = isObject(entry) ? entry[metric] : undefined;
      if (!isObject(c) || typeof c.total !== 'number' || typeof c.covered !== 'number') {
        throw new CoverageInputError(path, `"${key}".${metric} must be {total, covered, pct} with numbers`);
      }
      stated[metric] = { covered: c.covered, total: c.total };
    }
    if (key === 'total') for (const metric of METRICS) report.addStated(metric, stated[metric]!);
    else report.file(key).stated = stated;
  }
  return report.finish();
}
