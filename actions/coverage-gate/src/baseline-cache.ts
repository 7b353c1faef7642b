import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBaseline, type Baseline, type CoverageView, type Metric } from '@shipyard/coverage';
import type { FileCache } from '@shipyard/tools';

/** The cache key of a baseline: one entry per gate instance and commit (entries are immutable). */
export const baselineKey = (name: string, sha: string) => `coverage-base-${name}-${sha}`;

/** Where the baseline file lives while it is saved or restored (the same path both ways, as the cache wants). */
const baselineFile = (runnerTemp: string, name: string) =>
  join(runnerTemp, 'coverage-gate-base', `${name}.json`);

/** Saves the base branch's totals for `baseline.sha`. */
export async function saveBaseline(cache: FileCache, runnerTemp: string, name: string, baseline: Baseline) {
  const file = baselineFile(runnerTemp, name);
  mkdirSync(join(runnerTemp, 'coverage-gate-base'), { recursive: true });
  writeFileSync(file, JSON.stringify(baseline));
  await cache.save([file], baselineKey(name, baseline.sha));
}

/**
 * The stored totals for `sha`, or (restore key) the newest of this instance when the exact commit was never
 * measured; `exact` tells which. Undefined when there is none or the entry is unreadable.
 */
export async function restoreBaseline(
  cache: FileCache,
  runnerTemp: string,
  name: string,
  sha: string,
): Promise<{ baseline: Baseline; exact: boolean } | undefined> {
  const file = baselineFile(runnerTemp, name);
  rmSync(file, { force: true });
  const hit = await cache.restore([file], baselineKey(name, sha), [`coverage-base-${name}-`]);
  if (!hit || !existsSync(file)) return undefined;
  const baseline = parseBaseline(readFileSync(file, 'utf8'));
  return baseline ? { baseline, exact: baseline.sha === sha } : undefined;
}

/**
 * The base to compare a PR with, or why there is none. No cache and no saved base are reasons, never failures.
 */
export async function findBase(
  cache: FileCache | undefined,
  options: { runnerTemp: string; name: string; metric: Metric; baseSha: string | undefined },
): Promise<{ base: CoverageView['base'] } | { baseNote: string }> {
  if (!options.baseSha) return { baseNote: 'not a pull request' };
  if (!cache)
    return {
      baseNote: 'no cache to keep the base branch totals in (GitHub cache service or SHIPYARD_CACHE_DIR)',
    };
  const found = await restoreBaseline(cache, options.runnerTemp, options.name, options.baseSha);
  const totals = found?.baseline.metrics[options.metric];
  if (!found || !totals)
    return { baseNote: 'no base yet: no push to the base branch has saved its coverage' };
  return { base: { sha: found.baseline.sha, exact: found.exact, totals } };
}
