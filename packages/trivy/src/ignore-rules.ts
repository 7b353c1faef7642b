import picomatch from 'picomatch';
import type { Finding, FindingKind } from './model';

/**
 * One suppression, whatever file it came from (.trivyignore, .trivyignore.yaml or our allowlist). Rules
 * are matched by ID (or alias), optionally narrowed to kinds, paths and purls.
 */
export interface IgnoreRule {
  id: string;
  /** Kinds the rule applies to; absent means every kind (as in a plain .trivyignore). */
  kinds?: FindingKind[];
  /** Globs matched against the finding's target and package path. */
  paths?: string[];
  /** Package URLs; compared without their `?qualifiers`. */
  purls?: string[];
  /** The rule stops suppressing from this instant on (Trivy's semantics: the start of that UTC day). */
  expiresAt?: Date;
  /** Why it is accepted (`statement` in .trivyignore.yaml, `reason` in the allowlist). */
  reason?: string;
  /** `file:line` or `file#entry`, shown when the rule is reported. */
  source: string;
}

/** Parses `YYYY-MM-DD` as midnight UTC, or throws naming where the value came from. */
export function parseExpiry(value: unknown, where: string): Date {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== text) {
    throw new Error(
      `${where}: expiry ${JSON.stringify(text)} is not a date; use YYYY-MM-DD (e.g. 2026-12-31)`,
    );
  }
  return date;
}

/** True once the rule's expiry has passed. */
export function isExpired(rule: IgnoreRule, now: Date): boolean {
  return rule.expiresAt !== undefined && now.getTime() >= rule.expiresAt.getTime();
}

const stripQualifiers = (purl: string) => purl.split(/[?#]/)[0] ?? purl;

/** True when the rule names this finding (regardless of expiry). */
export function ruleMatches(rule: IgnoreRule, f: Finding): boolean {
  if (rule.id !== f.id && !f.aliases.includes(rule.id)) return false;
  if (rule.kinds && !rule.kinds.includes(f.kind)) return false;
  if (rule.paths?.length) {
    const isMatch = picomatch(rule.paths, { dot: true });
    if (!isMatch(f.target) && !(f.pkgPath && isMatch(f.pkgPath))) return false;
  }
  if (rule.purls?.length) {
    if (!f.purl) return false;
    const own = stripQualifiers(f.purl);
    if (!rule.purls.some((p) => stripQualifiers(p) === own)) return false;
  }
  return true;
}
