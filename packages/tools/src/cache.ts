import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Saving and restoring files across runs: baselines (coverage totals of the base branch, the base branch's
 * Trivy report, k6 results of the default branch) and the Trivy DB. On GitHub's runners this is
 * `@actions/cache`; where that service is absent (act, @github/local-action, the demo, tests) a folder named
 * by `SHIPYARD_CACHE_DIR` plays the same role, and with neither, nothing is cached and the caller is told.
 */
export interface FileCache {
  /** Restores `paths` from `key`, or the newest entry whose key starts with one of `restoreKeys`. Returns the key hit. */
  restore: (paths: string[], key: string, restoreKeys?: string[]) => Promise<string | undefined>;
  /** Saves `paths` under `key`. Keys are immutable: saving an existing key is a no-op. */
  save: (paths: string[], key: string) => Promise<void>;
  kind: 'actions-cache' | 'local-dir';
}

const safeKey = (key: string) => key.replace(/[^A-Za-z0-9._-]/g, '_');

/** A cache in a local folder, with the same key semantics as `@actions/cache`. */
export function localDirCache(root: string): FileCache {
  mkdirSync(root, { recursive: true });
  const restoreFrom = (dir: string, paths: string[]) => {
    paths.forEach((path, i) => {
      const stored = join(dir, String(i));
      if (existsSync(stored)) cpSync(stored, path, { recursive: true, force: true });
    });
  };
  return {
    kind: 'local-dir',
    restore: async (paths, key, restoreKeys = []) => {
      const exact = join(root, safeKey(key));
      if (existsSync(exact)) {
        restoreFrom(exact, paths);
        return key;
      }
      for (const prefix of restoreKeys) {
        const candidates = readdirSync(root)
          .filter((k) => k.startsWith(safeKey(prefix)))
          .map((k) => ({ k, t: statSync(join(root, k)).mtimeMs }))
          .sort((a, b) => b.t - a.t);
        const newest = candidates[0];
        if (newest) {
          restoreFrom(join(root, newest.k), paths);
          return newest.k;
        }
      }
      return undefined;
    },
    save: async (paths, key) => {
      const dir = join(root, safeKey(key));
      if (existsSync(dir)) return;
      const partial = `${dir}.partial-${process.pid}`;
      mkdirSync(partial, { recursive: true });
      paths.forEach((path, i) => {
        if (existsSync(path)) cpSync(path, join(partial, String(i)), { recursive: true });
      });
      // Rename last so a concurrent reader never sees half an entry.
      cpSync(partial, dir, { recursive: true });
      rmSync(partial, { recursive: true, force: true });
    },
  };
}

/** The cache for this run, or undefined when there is none (then baselines are reported as unavailable). */
export async function runnerFileCache(options: {
  hasCacheService: boolean;
  env: NodeJS.ProcessEnv;
  warn: (message: string) => void;
}): Promise<FileCache | undefined> {
  if (options.hasCacheService) {
    const cache = await import('@actions/cache');
    return {
      kind: 'actions-cache',
      restore: async (paths, key, restoreKeys) => {
        try {
          return await cache.restoreCache(paths, key, restoreKeys);
        } catch (error: unknown) {
          options.warn(
            `cache restore failed for ${key}: ${error instanceof Error ? error.message : String(error)}`,
          );
          return undefined;
        }
      },
      save: async (paths, key) => {
        try {
          await cache.saveCache(paths, key);
        } catch (error: unknown) {
          // Another job saved the same key first: the entry exists, which is what we wanted.
          const message = error instanceof Error ? error.message : String(error);
          if (!/already exists|reserve/i.test(message))
            options.warn(`cache save failed for ${key}: ${message}`);
        }
      },
    };
  }
  const dir = options.env.SHIPYARD_CACHE_DIR;
  return dir ? localDirCache(dir) : undefined;
}
