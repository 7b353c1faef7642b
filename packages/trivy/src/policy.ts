import { SEVERITIES, toSeverity } from './model';
import type { Finding, Severity, TrivyReport } from './model';
import { isExpired, ruleMatches } from './ignore-rules';
import type { IgnoreRule } from './ignore-rules';

/** What decides which findings fail the gate. */
export interface TrivyPolicy {
  /** Severities that gate; default CRITICAL, HIGH. */
  severities?: readonly Severity[];
  /** Vulnerabilities without a released fix do not gate. */
  ignoreUnfixed?: boolean;
  /** Suppressions from .trivyignore, .trivyignore.yaml and the allowlist. */
  ignores?: readonly IgnoreRule[];
  /** Fingerprints of the base branch's findings: when given, only findings absent there gate (new-only). */
  baseFingerprints?: ReadonlySet<string>;
}

/** Why a finding does or does not gate, in the order the policy checks it. */
export type Decision = 'gating' | 'below-threshold' | 'ignored' | 'unfixed' | 'in-base';

/** A finding with the policy's verdict on it. */
export interface EvaluatedFinding extends Finding {
  decision: Decision;
  /** True when the finding is not in the base report (always true without a base). */
  isNew: boolean;
  /** The rule that suppressed it, for `ignored`. */
  ignoredBy?: IgnoreRule;
}

/** An ignore rule that has expired, and how many findings it would otherwise have hidden. */
export interface ExpiredIgnore {
  rule: IgnoreRule;
  matched: number;
}

/** The gate's result; `findings` keeps every finding, whatever its decision. */
export interface TrivyEvaluation {
  report: TrivyReport;
  findings: EvaluatedFinding[];
  gating: EvaluatedFinding[];
  expiredIgnores: ExpiredIgnore[];
  severities: Severity[];
  ignoreUnfixed: boolean;
  newOnly: boolean;
  passed: boolean;
}

/** Trivy's parsing of a `severity` input: comma-separated, case-insensitive, each a known severity. */
export function parseSeverities(input: string, name = 'severity'): Severity[] {
  const parts = input
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0)
    throw new Error(`${name}: empty; use e.g. "CRITICAL,HIGH" (allowed: ${SEVERITIES.join(', ')})`);
  return parts.map((p) => {
    const s = toSeverity(p);
    if (s !== p.toUpperCase())
      throw new Error(`${name}: "${p}" is not a severity; allowed: ${SEVERITIES.join(', ')}`);
    return s;
  });
}

/** True for a vulnerability that has no released fix (no fixed version, or a status other than fixed). */
export function isUnfixed(f: Finding): boolean {
  return f.kind === 'vulnerability' && (!f.fixedVersion || (f.status !== undefined && f.status !== 'fixed'));
}

/** Applies the policy to a report. `now` decides which ignores have expired. */
export function evaluateTrivy(report: TrivyReport, policy: TrivyPolicy, now: Date): TrivyEvaluation {
  const severities = [...(policy.severities ?? ['CRITICAL', 'HIGH'])];
  const gate = new Set<Severity>(severities);
  const ignoreUnfixed = policy.ignoreUnfixed ?? false;
  const base = policy.baseFingerprints;
  const active: IgnoreRule[] = [];
  const expired = new Map<IgnoreRule, number>();
  for (const rule of policy.ignores ?? []) {
    if (isExpired(rule, now)) expired.set(rule, 0);
    else active.push(rule);
  }
  // Index rules by ID so a large report against a long ignore list stays linear.
  const byId = new Map<string, IgnoreRule[]>();
  for (const rule of active) byId.set(rule.id, [...(byId.get(rule.id) ?? []), rule]);
  const expiredById = new Map<string, IgnoreRule[]>();
  for (const rule of expired.keys()) expiredById.set(rule.id, [...(expiredById.get(rule.id) ?? []), rule]);
  const candidates = (index: Map<string, IgnoreRule[]>, f: Finding) =>
    index.size === 0 ? [] : [f.id, ...f.aliases].flatMap((id) => index.get(id) ?? []);

  const findings: EvaluatedFinding[] = report.findings.map((f) => {
    const isNew = base ? !base.has(f.fingerprint) : true;
    for (const rule of candidates(expiredById, f)) {
      if (ruleMatches(rule, f)) expired.set(rule, (expired.get(rule) ?? 0) + 1);
    }
    const ignoredBy = candidates(byId, f).find((rule) => ruleMatches(rule, f));
    let decision: Decision;
    if (ignoredBy) decision = 'ignored';
    else if (!gate.has(f.severity)) decision = 'below-threshold';
    else if (ignoreUnfixed && isUnfixed(f)) decision = 'unfixed';
    else if (!isNew) decision = 'in-base';
    else decision = 'gating';
    return ignoredBy ? { ...f, decision, isNew, ignoredBy } : { ...f, decision, isNew };
  });
  const gating = findings.filter((f) => f.decision === 'gating');
  return {
    report,
    findings,
    gating,
    expiredIgnores: [...expired].map(([rule, matched]) => ({ rule, matched })),
    severities,
    ignoreUnfixed,
    newOnly: base !== undefined,
    passed: gating.length === 0,
  };
}
