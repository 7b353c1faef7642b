import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execTool, tail } from '@shipyard/tools';
import type { FileCache } from '@shipyard/tools';
import {
  DB_CACHE_PREFIX,
  DB_MIRRORS,
  RATE_LIMIT_BACKOFF_MS,
  dbCacheKey,
  dbFreshness,
  downloadDbArgs,
  firstDbAttempt,
  nextDbStep,
  parseDbMetadata,
} from '@shipyard/trivy';
import type { DbMetadata } from '@shipyard/trivy';

/** The edges the DB preparation needs; the clock and sleep are injected so tests control time. */
export interface DbDeps {
  trivy: string;
  /** The child environment for trivy (already explicit, see childEnv). */
  env: NodeJS.ProcessEnv;
  cache: FileCache | undefined;
  /** Trivy's --cache-dir; the DB lives in `<cacheDir>/db`. */
  cacheDir: string;
  maxAgeMs: number;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  log: { info: (m: string) => void; warning: (m: string) => void };
  mirrors?: readonly string[];
  backoffMs?: readonly number[];
}

/** How the DB for this run was obtained; scans always run with --skip-db-update afterwards. */
export interface DbOutcome {
  source: 'cache' | 'download' | 'stale-cache';
  /** The mirror it came from, for downloads. */
  repository?: string;
  /** One sentence for the summary. */
  note: string;
}

function readMetadata(cacheDir: string, warn: (m: string) => void): DbMetadata | undefined {
  const file = join(cacheDir, 'db', 'metadata.json');
  if (!existsSync(file)) return undefined;
  try {
    return parseDbMetadata(readFileSync(file, 'utf8'), file);
  } catch (error) {
    warn(`ignoring the cached Trivy DB: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Restores the DB from the cache and uses it when it is younger than the bound; otherwise downloads it,
 * mirror after mirror with back-off on rate limits, and saves it under today's key. When every mirror
 * fails but an older DB was restored, the scan goes on with it and says so (trivy-action#389).
 */
export async function prepareDb(deps: DbDeps): Promise<DbOutcome> {
  const { cache, cacheDir, log } = deps;
  const mirrors = deps.mirrors ?? DB_MIRRORS;
  const key = dbCacheKey(deps.now());
  const hit = cache ? await cache.restore([join(cacheDir, 'db')], key, [DB_CACHE_PREFIX]) : undefined;
  if (!cache)
    log.info('no cache available (no cache service and no SHIPYARD_CACHE_DIR): the DB is downloaded');
  const cached = readMetadata(cacheDir, log.warning);
  if (cached) {
    const fresh = dbFreshness(cached, deps.now(), deps.maxAgeMs);
    log.info(`cached Trivy DB from ${hit ?? 'the cache dir'}: ${fresh.reason}`);
    if (fresh.fresh) return { source: 'cache', note: `Vulnerability DB from the cache (${fresh.reason}).` };
  }
  let { repository, attempt } = firstDbAttempt(mirrors);
  let lastError = '';
  let reason = '';
  for (;;) {
    log.info(`downloading the Trivy DB from ${repository}`);
    const r = await execTool(deps.trivy, downloadDbArgs(repository, cacheDir), {
      env: deps.env,
      timeoutMs: 10 * 60_000,
    });
    if (r.exitCode === 0) {
      if (cache && hit !== key) await cache.save([join(cacheDir, 'db')], key);
      return { source: 'download', repository, note: `Vulnerability DB downloaded from ${repository}.` };
    }
    lastError = tail(r.stderr || r.stdout, 5);
    const step = nextDbStep(attempt, lastError, mirrors, deps.backoffMs ?? RATE_LIMIT_BACKOFF_MS);
    reason = step.reason;
    if (step.action === 'give-up') break;
    log.info(step.reason);
    if (step.action === 'retry') await deps.sleep(step.delayMs);
    ({ repository, attempt } = step);
  }
  if (cached) {
    const age = dbFreshness(cached, deps.now(), deps.maxAgeMs);
    log.warning(
      `The Trivy DB could not be downloaded (${reason}); scanning with the cached DB instead (${age.reason}).`,
    );
    return { source: 'stale-cache', note: `Vulnerability DB from an older cache entry: ${age.reason}.` };
  }
  throw new Error(
    `could not download the Trivy DB (${reason}) and none is cached. Last error:\n${lastError}`,
  );
}
