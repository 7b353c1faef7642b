/** Trivy's severities, most severe first; the order every table and count uses. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What kind of problem a finding is; each comes from its own list in a Trivy result. */
export type FindingKind = 'vulnerability' | 'misconfiguration' | 'secret';

/**
 * One problem Trivy reported, reduced to what a gate and a reader need. Secret values are never kept:
 * Trivy's `Match` and `Code` carry the matched line (sometimes unmasked), so they are dropped at read time.
 */
export interface Finding {
  kind: FindingKind;
  /** VulnerabilityID, misconfiguration ID, or secret RuleID. */
  id: string;
  /** Other IDs the same finding is known by (for example a misconfiguration's AVDID), matched by ignores. */
  aliases: string[];
  severity: Severity;
  /** The scanned target (image layer OS, lock file, config file). */
  target: string;
  /** Trivy's result type (alpine, npm, terraform…), when given. */
  targetType?: string;
  /** Package name for vulnerabilities; the resource (e.g. `aws_s3_bucket.bucket`) for misconfigurations. */
  pkgName?: string;
  /** Path of the package inside the target (jar in an image, nested lock file). */
  pkgPath?: string;
  purl?: string;
  installedVersion?: string;
  fixedVersion?: string;
  title: string;
  /** Primary advisory URL, when Trivy gives one. */
  url?: string;
  /** Vulnerability status (fixed, affected, will_not_fix…) or misconfiguration status (FAIL). */
  status?: string;
  /** Trivy's message for a misconfiguration (names the offending resource or field). */
  message?: string;
  /** First line in the target, for misconfigurations and secrets. */
  line?: number;
  /** Stable identity across scans and DB updates; see {@link fingerprintOf}. */
  fingerprint: string;
}

/** Per-target facts that are not findings (a clean target still appears here). */
export interface TargetInfo {
  target: string;
  class?: string;
  type?: string;
  /** Misconfiguration checks that passed, from Trivy's MisconfSummary. */
  misconfPassed: number;
}

/** A Trivy JSON report, read and reduced. */
export interface TrivyReport {
  file: string;
  schemaVersion: number;
  trivyVersion?: string;
  artifactName: string;
  artifactType: string;
  targets: TargetInfo[];
  findings: Finding[];
}

/**
 * The identity of a finding for new-only gating: kind, ID, target, package (or resource) and package path.
 * Installed/fixed versions, titles, severities and line numbers are left out on purpose — they change with
 * a DB update or an unrelated edit, and a finding must not turn "new" because of that. A misconfiguration
 * without a resource (Kubernetes/Helm checks) is told apart by its message, since one check can fail twice
 * in one file; any remaining duplicate gets an occurrence suffix (see {@link uniqueFingerprints}).
 */
export function fingerprintOf(
  f: Pick<Finding, 'kind' | 'id' | 'target' | 'pkgName' | 'pkgPath'> & { discriminator?: string },
): string {
  const parts = [f.kind, f.id, f.target, f.pkgName ?? '', f.pkgPath ?? ''];
  if (f.discriminator) parts.push(f.discriminator);
  return JSON.stringify(parts);
}

/** Makes fingerprints unique within one report by suffixing the 2nd, 3rd… identical one with `#n`. */
export function uniqueFingerprints(findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = (seen.get(f.fingerprint) ?? 0) + 1;
    seen.set(f.fingerprint, n);
    if (n > 1) f.fingerprint = `${f.fingerprint}#${n}`;
  }
}

/** Normalises a severity string; anything Trivy does not define counts as UNKNOWN (as Trivy does). */
export function toSeverity(value: unknown): Severity {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  return (SEVERITIES as readonly string[]).includes(upper) ? (upper as Severity) : 'UNKNOWN';
}
