import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { compareToBaseline, parseK6Output } from '@shipyard/k6';
import type { BaselineComparison, K6Result } from '@shipyard/k6';
import { isDefaultBranchPush, type RunnerEnv } from '@shipyard/runtime';
import type { FileCache } from '@shipyard/tools';

/** A restored baseline and how this run compares with it. */
export interface BaselineOutcome {
  result: K6Result;
  comparison: BaselineComparison;
  key: string;
}

/** What this event does with baselines: save on a push to the default branch, compare on a PR. */
export function baselineRole(env: RunnerEnv): 'save' | 'compare' | 'none' {
  if (env.eventName === 'pull_request' || env.eventName === 'pull_request_target') return 'compare';
  if (isDefaultBranchPush(env)) return 'save';
  return 'none';
}

/** `k6-baseline-<name>-<script-slug>-`: the prefix every baseline of one script shares. */
export const baselinePrefix = (name: string, slug: string) => `k6-baseline-${name}-${slug}-`;

// The cache restores to the path it saved, so the path must be the same in every run (RUNNER_TEMP is).
const storedPath = (runnerTemp: string, name: string, slug: string) =>
  join(runnerTemp, 'k6-smoke-baseline', `${name}-${slug}.json`);

/** Saves a run's raw summary as the baseline at this commit. */
export async function saveBaseline(
  cache: FileCache,
  o: { runnerTemp: string; name: string; slug: string; sha: string; summaryFile: string },
): Promise<string> {
  const path = storedPath(o.runnerTemp, o.name, o.slug);
  mkdirSync(join(o.runnerTemp, 'k6-smoke-baseline'), { recursive: true });
  copyFileSync(o.summaryFile, path);
  const key = `${baselinePrefix(o.name, o.slug)}${o.sha}`;
  await cache.save([path], key);
  return key;
}

/**
 * Restores the newest baseline of a script (the PR base's commit when it has one) and compares. An
 * unreadable entry is reported, not fatal: a missing bar must not fail a PR.
 */
export async function compareWithBaseline(
  cache: FileCache,
  current: K6Result,
  o: { runnerTemp: string; name: string; slug: string; baseSha?: string; maxRegressionPct: number },
  warn: (m: string) => void,
): Promise<BaselineOutcome | undefined> {
  const path = storedPath(o.runnerTemp, o.name, o.slug);
  rmSync(path, { force: true });
  const prefix = baselinePrefix(o.name, o.slug);
  const key = await cache.restore([path], `${prefix}${o.baseSha ?? 'none'}`, [prefix]);
  if (!key || !existsSync(path)) return undefined;
  try {
    const result = parseK6Output(readFileSync(path, 'utf8'), `baseline ${key}`);
    return { result, comparison: compareToBaseline(current, result, o.maxRegressionPct), key };
  } catch (error: unknown) {
    warn(
      `baseline ${key} is unreadable and was ignored: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

/**
 * The baseline step for every run: on a push to the default branch each passing run is saved; on a PR each
 * run is compared with the newest saved one. Elsewhere, or without a cache, nothing happens and the report
 * says why.
 */
export async function applyBaselines<
  R extends { slug: string; result?: K6Result; summaryFile?: string; error?: string },
>(
  runs: readonly R[],
  o: { env: RunnerEnv; cache: FileCache | undefined; name: string; maxRegressionPct: number },
  log: { info: (m: string) => void; warning: (m: string) => void },
): Promise<(R & { baseline?: BaselineOutcome; baselineNote?: string })[]> {
  const role = baselineRole(o.env);
  if (role === 'none')
    return runs.map((r) => ({
      ...r,
      baselineNote: 'baseline: saved on pushes to the default branch, compared on pull requests',
    }));
  if (!o.cache)
    return runs.map((r) => ({
      ...r,
      baselineNote: 'baseline: no cache service on this runner (set SHIPYARD_CACHE_DIR outside GitHub)',
    }));
  const out: (R & { baseline?: BaselineOutcome; baselineNote?: string })[] = [];
  for (const run of runs) {
    const common = { runnerTemp: o.env.runnerTemp, name: o.name, slug: run.slug };
    if (!run.result || !run.summaryFile) {
      out.push(run);
    } else if (role === 'save') {
      if (run.error || !run.result.passed) {
        out.push({ ...run, baselineNote: 'baseline: not saved, this run failed' });
        continue;
      }
      const key = await saveBaseline(o.cache, { ...common, sha: o.env.sha, summaryFile: run.summaryFile });
      log.info(`baseline saved: ${key}`);
      out.push({ ...run, baselineNote: `baseline saved as ${key}` });
    } else {
      const pr = o.env.event.pull_request as { base?: { sha?: unknown } } | undefined;
      const baseSha = typeof pr?.base?.sha === 'string' ? pr.base.sha : undefined;
      const baseline = await compareWithBaseline(
        o.cache,
        run.result,
        { ...common, maxRegressionPct: o.maxRegressionPct, ...(baseSha ? { baseSha } : {}) },
        log.warning,
      );
      if (baseline) log.info(`baseline restored: ${baseline.key}`);
      out.push(
        baseline
          ? { ...run, baseline, baselineNote: `compared with baseline ${baseline.key}` }
          : { ...run, baselineNote: 'baseline: none saved yet for this script on the default branch' },
      );
    }
  }
  return out;
}
