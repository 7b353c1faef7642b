/** Trivy's DB metadata.json (in `<cache-dir>/db/metadata.json`). */
export interface DbMetadata {
  Version: number;
  NextUpdate: string;
  UpdatedAt: string;
  DownloadedAt: string;
}

/** The DB schema version Trivy 0.2x–0.7x reads. */
export const DB_SCHEMA_VERSION = 2;

/** Whether a cached DB is usable without downloading, and why. */
export interface DbFreshness {
  fresh: boolean;
  /** Age of the DB content (now − UpdatedAt), in ms. */
  ageMs: number;
  reason: string;
}

/** Parses metadata.json text, naming the file on any problem. */
export function parseDbMetadata(text: string, file: string): DbMetadata {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(`${file}: not valid JSON; expected Trivy's DB metadata.json`);
  }
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  for (const key of ['NextUpdate', 'UpdatedAt', 'DownloadedAt']) {
    if (typeof d[key] !== 'string' || Number.isNaN(Date.parse(d[key]))) {
      throw new Error(`${file}: "${key}" is missing or not a timestamp; expected Trivy's DB metadata.json`);
    }
  }
  if (typeof d.Version !== 'number')
    throw new Error(`${file}: "Version" is missing; expected Trivy's DB metadata.json`);
  return d as unknown as DbMetadata;
}

/**
 * Decides whether the cached DB may be used with `--skip-db-update`. The bound is on the age of the DB's
 * content (UpdatedAt), not on when it was downloaded: a DB restored from a week-old cache is a week old
 * even if the cache entry was written a minute ago.
 */
export function dbFreshness(meta: DbMetadata, now: Date, maxAgeMs: number): DbFreshness {
  const ageMs = now.getTime() - Date.parse(meta.UpdatedAt);
  const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;
  if (meta.Version !== DB_SCHEMA_VERSION) {
    return { fresh: false, ageMs, reason: `DB schema ${meta.Version} is not ${DB_SCHEMA_VERSION}` };
  }
  if (ageMs > maxAgeMs) {
    return { fresh: false, ageMs, reason: `DB is ${hours(ageMs)} old, over the ${hours(maxAgeMs)} bound` };
  }
  return { fresh: true, ageMs, reason: `DB is ${hours(ageMs)} old, within the ${hours(maxAgeMs)} bound` };
}
