import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDefaultBranchPush, pullRequestBase, type RunnerEnv } from '@shipyard/runtime';
import type { FileCache } from '@shipyard/tools';
import { baseCacheKey, parseBaseline, serialiseBaseline } from '@shipyard/trivy';

/** The base branch's fingerprints when new-only gating can apply, and a sentence saying what happened. */
export interface BaselineLookup {
  fingerprints?: Set<string>;
  note: string;
  /** This run is a push to the default branch: its findings become the baseline. */
  record: boolean;
}

/**
 * Finds the baseline for new-only gating: on a PR, the findings recorded for the PR's base commit. Without
 * one (first run, cache evicted, not a PR) the gate covers every finding, and the note says why.
 */
export async function lookupBaseline(
  env: RunnerEnv,
  cache: FileCache | undefined,
  name: string,
  dir: string,
): Promise<BaselineLookup> {
  if (isDefaultBranchPush(env)) {
    return {
      record: true,
      note: 'Push to the default branch: every finding gates, and this scan becomes the baseline for pull requests.',
    };
  }
  const base = pullRequestBase(env.event);
  const all = 'every finding gates';
  if (!base) return { record: false, note: `new-only: this run is not a pull request, so ${all}.` };
  if (!cache)
    return {
      record: false,
      note: `new-only: no cache is available to hold the base branch's scan, so ${all}.`,
    };
  const file = join(dir, 'baseline.json');
  mkdirSync(dir, { recursive: true });
  const key = baseCacheKey(name, base.sha);
  const hit = await cache.restore([file], key);
  if (!hit || !existsSync(file)) {
    return {
      record: false,
      note: `new-only: no scan of the base commit ${base.sha.slice(0, 7)} (${base.ref}) is cached, so ${all}. Run this action with new-only on pushes to ${base.ref} to record one.`,
    };
  }
  try {
    const baseline = parseBaseline(readFileSync(file, 'utf8'), key);
    return {
      record: false,
      fingerprints: new Set(baseline.fingerprints),
      note: `new-only: compared with the scan of base commit ${base.sha.slice(0, 7)} (${base.ref}).`,
    };
  } catch (error) {
    return {
      record: false,
      note: `new-only: the cached base scan is unusable (${(error as Error).message}), so ${all}.`,
    };
  }
}

/** Records this run's findings as the baseline of its commit (same path as the lookup: @actions/cache
 * versions entries by their paths). */
export async function saveBaseline(
  cache: FileCache | undefined,
  name: string,
  sha: string,
  dir: string,
  fingerprints: Iterable<string>,
): Promise<boolean> {
  if (!cache || !sha) return false;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'baseline.json');
  writeFileSync(file, serialiseBaseline(sha, fingerprints));
  await cache.save([file], baseCacheKey(name, sha));
  return true;
}
