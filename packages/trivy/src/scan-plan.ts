/**
 * Names and keys a scan step derives from its inputs: file names and SARIF categories per target, cache
 * keys for the DB and the base branch's findings. Kept here so they are decided (and tested) in one place.
 */

/** Prefix of the DB cache keys; also the restore key, so the newest DB of any day is found. */
export const DB_CACHE_PREFIX = 'trivy-db-';

/** The DB cache key of a day (UTC): one entry a day is enough, the DB itself is rebuilt every 6 h. */
export function dbCacheKey(now: Date): string {
  return `${DB_CACHE_PREFIX}${now.toISOString().slice(0, 10)}`;
}

/** The cache key of the base branch's findings for an instance at a commit. */
export function baseCacheKey(name: string, sha: string): string {
  return `trivy-base-${slug(name)}-${sha}`;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '') || 'target'
  );
}

/**
 * A file-name- and category-safe slug of a target. A digest is shortened to 12 hex digits (as Docker shows
 * it) so `app@sha256:…` stays readable; long paths are cut from the left, where the differing part is.
 */
export function targetSlug(target: string): string {
  const shortDigest = target.replace(/@sha256:([0-9a-f]{12})[0-9a-f]*/i, '@$1');
  const s = slug(shortDigest.replace(/^\.\//, ''));
  return s.length > 60 ? s.slice(-60).replace(/^[-.]+/, '') : s;
}

/** Slugs for several targets, made unique with a `-2`, `-3`… suffix when two targets slug alike. */
export function uniqueTargetSlugs(targets: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return targets.map((t) => {
    const base = targetSlug(t);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

/** The SARIF category of one target: code scanning keeps one analysis per category, so each is distinct. */
export function sarifCategory(name: string, targetSlugValue: string): string {
  return `trivy/${slug(name)}/${targetSlugValue}`;
}

/** What is cached for new-only gating: the fingerprints of every finding of the base branch's scan. */
export interface Baseline {
  version: 1;
  sha: string;
  fingerprints: string[];
}

/** Serialises a baseline (sorted, so identical scans give identical files). */
export function serialiseBaseline(sha: string, fingerprints: Iterable<string>): string {
  const baseline: Baseline = { version: 1, sha, fingerprints: [...new Set(fingerprints)].sort() };
  return `${JSON.stringify(baseline)}\n`;
}

/** Reads a cached baseline, or throws naming the file. */
export function parseBaseline(text: string, file: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(`${file}: not valid JSON; expected a trivy-scan baseline`);
  }
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  const list = d.fingerprints;
  if (d.version !== 1 || !Array.isArray(list) || list.some((f) => typeof f !== 'string')) {
    throw new Error(`${file}: not a trivy-scan baseline (version 1 with a fingerprints list)`);
  }
  return { version: 1, sha: typeof d.sha === 'string' ? d.sha : '', fingerprints: list as string[] };
}
