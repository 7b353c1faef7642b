/**
 * Where the vulnerability DB is pulled from, in order. mirror.gcr.io is Trivy's own default since 0.57
 * (GHCR's anonymous quota was exhausted globally in autumn 2024); GHCR and ECR Public are fallbacks.
 */
export const DB_MIRRORS = [
  'mirror.gcr.io/aquasec/trivy-db',
  'ghcr.io/aquasecurity/trivy-db',
  'public.ecr.aws/aquasecurity/trivy-db',
] as const;

/** Waits before retrying the same mirror after a rate limit, in ms; then the next mirror is tried. */
export const RATE_LIMIT_BACKOFF_MS = [10_000, 30_000] as const;

/** Where we are in the plan: which mirror, and how many rate-limited retries it had. */
export interface DbAttempt {
  mirrorIndex: number;
  retries: number;
}

/** What to do after a failed DB download. */
export type DbStep =
  | { action: 'retry'; repository: string; delayMs: number; attempt: DbAttempt; reason: string }
  | { action: 'next-mirror'; repository: string; attempt: DbAttempt; reason: string }
  | { action: 'give-up'; reason: string };

/**
 * Registry rate limits as Trivy prints them, e.g.
 * `GET https://ghcr.io/v2/aquasecurity/trivy-db/manifests/2: TOOMANYREQUESTS: retry-after: 35.852µs, allowed: 44000/minute`
 * (aquasecurity/trivy-db#442) or Docker's `toomanyrequests: You have reached your pull rate limit`.
 */
export function isRateLimited(errorText: string): boolean {
  return /TOOMANYREQUESTS|\b429\b|too many requests|rate limit/i.test(errorText);
}

/** Failures of the DB download itself (as opposed to the scan), where another mirror may help. */
export function isDbDownloadError(errorText: string): boolean {
  return /failed to download (vulnerability|java) DB|DB error|OCI (repository|artifact) error|oci download error|failed to fetch the layer|failed to download artifact/i.test(
    errorText,
  );
}

/** The first attempt of the plan. */
export function firstDbAttempt(mirrors: readonly string[] = DB_MIRRORS): {
  repository: string;
  attempt: DbAttempt;
} {
  const repository = mirrors[0];
  if (!repository) throw new Error('db-repository: no mirror configured');
  return { repository, attempt: { mirrorIndex: 0, retries: 0 } };
}

/**
 * Decides the next step from the error text of a failed attempt: a rate limit retries the same mirror
 * after the back-off, then moves on; any other DB download error moves on at once; an error that is not
 * about the DB (a bad image name, a scan failure) gives up, since another mirror cannot fix it.
 */
export function nextDbStep(
  attempt: DbAttempt,
  errorText: string,
  mirrors: readonly string[] = DB_MIRRORS,
  backoffMs: readonly number[] = RATE_LIMIT_BACKOFF_MS,
): DbStep {
  const limited = isRateLimited(errorText);
  if (!limited && !isDbDownloadError(errorText)) {
    return {
      action: 'give-up',
      reason: 'the failure is not a DB download error; another mirror would not help',
    };
  }
  const current = mirrors[attempt.mirrorIndex] ?? '?';
  const delay = backoffMs[attempt.retries];
  if (limited && delay !== undefined) {
    return {
      action: 'retry',
      repository: current,
      delayMs: delay,
      attempt: { mirrorIndex: attempt.mirrorIndex, retries: attempt.retries + 1 },
      reason: `${current} is rate limiting (TOOMANYREQUESTS); retry ${attempt.retries + 1} of ${backoffMs.length}`,
    };
  }
  const next = mirrors[attempt.mirrorIndex + 1];
  if (next === undefined) {
    return { action: 'give-up', reason: `every mirror failed (${mirrors.join(', ')})` };
  }
  return {
    action: 'next-mirror',
    repository: next,
    attempt: { mirrorIndex: attempt.mirrorIndex + 1, retries: 0 },
    reason: `${current} failed${limited ? ' (still rate limited)' : ''}; trying ${next}`,
  };
}
