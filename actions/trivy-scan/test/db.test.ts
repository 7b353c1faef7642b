import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { childEnv, localDirCache } from '@shipyard/tools';
import { DB_MIRRORS, RATE_LIMIT_BACKOFF_MS } from '@shipyard/trivy';
import { prepareDb, type DbDeps } from '../src/db';
import { makeStandInTrivy, type StandIn, type StandInOptions } from './stand-in-trivy';

const HOUR = 3_600_000;
const NOW = new Date('2026-06-10T12:00:00Z');

let work: string;
let standIn: StandIn | undefined;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'trivy-db-'));
});
afterEach(() => {
  standIn?.cleanup();
  standIn = undefined;
  rmSync(work, { recursive: true, force: true });
});

/** prepareDb against the stand-in, with a fake clock and a sleep that only records. */
function setup(options: StandInOptions, cached?: { key: string; updatedAt: string }) {
  standIn = makeStandInTrivy(options);
  const cacheRoot = join(work, 'cache');
  const cache = localDirCache(cacheRoot);
  if (cached) {
    const entry = join(cacheRoot, cached.key, '0');
    mkdirSync(entry, { recursive: true });
    writeFileSync(
      join(entry, 'metadata.json'),
      JSON.stringify({
        Version: 2,
        NextUpdate: cached.updatedAt,
        UpdatedAt: cached.updatedAt,
        DownloadedAt: cached.updatedAt,
      }),
    );
  }
  const slept: number[] = [];
  const logs: string[] = [];
  const warnings: string[] = [];
  const deps: DbDeps = {
    trivy: join(standIn.dir, 'trivy'),
    env: childEnv(process.env),
    cache,
    cacheDir: join(work, 'trivy-cache'),
    maxAgeMs: 24 * HOUR,
    now: () => NOW,
    sleep: async (ms) => {
      slept.push(ms);
    },
    log: { info: (m) => logs.push(m), warning: (m) => warnings.push(m) },
  };
  return { deps, slept, logs, warnings, cacheRoot, standIn };
}

const repositories = (calls: string[][]) =>
  calls.filter((c) => c.includes('--download-db-only')).map((c) => c[c.indexOf('--db-repository') + 1]);

describe('the vulnerability DB: cache, staleness bound, mirrors and back-off', () => {
  it('uses a restored DB younger than the bound without downloading', async () => {
    const t = setup(
      {},
      { key: 'trivy-db-2026-06-10', updatedAt: new Date(NOW.getTime() - 5 * HOUR).toISOString() },
    );
    const outcome = await prepareDb(t.deps);
    expect(outcome.source).toBe('cache');
    expect(outcome.note).toMatch(/5\.0 h old, within the 24\.0 h bound/);
    expect(t.standIn.calls()).toEqual([]);
  });

  it('downloads when the restored DB (yesterday’s key, via the restore prefix) is over the bound, and saves today’s key', async () => {
    const t = setup(
      { dbUpdatedAt: NOW.toISOString() },
      { key: 'trivy-db-2026-06-08', updatedAt: new Date(NOW.getTime() - 50 * HOUR).toISOString() },
    );
    const outcome = await prepareDb(t.deps);
    expect(outcome).toMatchObject({ source: 'download', repository: DB_MIRRORS[0] });
    expect(t.logs.join('\n')).toMatch(/50\.0 h old, over the 24\.0 h bound/);
    expect(repositories(t.standIn.calls())).toEqual([DB_MIRRORS[0]]);
    expect(readdirSync(t.cacheRoot).sort()).toEqual(['trivy-db-2026-06-08', 'trivy-db-2026-06-10']);
  });

  it('backs off on TOOMANYREQUESTS, then falls back to the next mirror in order', async () => {
    const t = setup({ db: { [DB_MIRRORS[0]]: 'rate-limited' } });
    const outcome = await prepareDb(t.deps);
    expect(outcome).toMatchObject({ source: 'download', repository: DB_MIRRORS[1] });
    // The first mirror is tried once plus once per back-off step, then the second mirror once.
    expect(repositories(t.standIn.calls())).toEqual([
      DB_MIRRORS[0],
      DB_MIRRORS[0],
      DB_MIRRORS[0],
      DB_MIRRORS[1],
    ]);
    expect(t.slept).toEqual([...RATE_LIMIT_BACKOFF_MS]);
    expect(t.standIn.calls().every((c) => c.includes('--cache-dir') && c.includes('--no-progress'))).toBe(
      true,
    );
  });

  it('moves on without back-off when a mirror is unreachable, reaching the last one', async () => {
    const t = setup({ db: { [DB_MIRRORS[0]]: 'unreachable', [DB_MIRRORS[1]]: 'rate-limited' } });
    const outcome = await prepareDb(t.deps);
    expect(outcome.repository).toBe(DB_MIRRORS[2]);
    expect(repositories(t.standIn.calls())).toEqual([
      DB_MIRRORS[0],
      DB_MIRRORS[1],
      DB_MIRRORS[1],
      DB_MIRRORS[1],
      DB_MIRRORS[2],
    ]);
    expect(t.slept).toEqual([...RATE_LIMIT_BACKOFF_MS]);
  });

  it('warns and goes on with a stale cached DB when every mirror fails', async () => {
    const all = Object.fromEntries(DB_MIRRORS.map((m) => [m, 'rate-limited' as const]));
    const t = setup({ db: all }, { key: 'trivy-db-2026-06-01', updatedAt: '2026-06-01T00:00:00Z' });
    const outcome = await prepareDb(t.deps);
    expect(outcome.source).toBe('stale-cache');
    expect(repositories(t.standIn.calls())).toHaveLength(
      DB_MIRRORS.length * (RATE_LIMIT_BACKOFF_MS.length + 1),
    );
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0]).toMatch(
      /could not be downloaded \(every mirror failed .*\); scanning with the cached DB instead \(DB is 228\.0 h old/,
    );
  });

  it('fails with the last error when every mirror fails and nothing is cached', async () => {
    const all = Object.fromEntries(DB_MIRRORS.map((m) => [m, 'unreachable' as const]));
    const t = setup({ db: all });
    await expect(prepareDb(t.deps)).rejects.toThrow(
      /could not download the Trivy DB \(every mirror failed.*\) and none is cached\. Last error:\n.*connection reset by peer/s,
    );
    expect(t.slept).toEqual([]);
  });

  it('prefers the newest cache entry of the restore prefix', async () => {
    const t = setup({}, { key: 'trivy-db-2026-06-01', updatedAt: '2026-06-01T00:00:00Z' });
    const newer = join(t.cacheRoot, 'trivy-db-2026-06-09', '0');
    mkdirSync(newer, { recursive: true });
    const updatedAt = new Date(NOW.getTime() - 20 * HOUR).toISOString();
    writeFileSync(
      join(newer, 'metadata.json'),
      JSON.stringify({ Version: 2, NextUpdate: updatedAt, UpdatedAt: updatedAt, DownloadedAt: updatedAt }),
    );
    utimesSync(join(t.cacheRoot, 'trivy-db-2026-06-01'), new Date('2026-06-01'), new Date('2026-06-01'));
    expect((await prepareDb(t.deps)).source).toBe('cache');
    expect(t.standIn.calls()).toEqual([]);
  });
});
