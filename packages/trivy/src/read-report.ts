import { fingerprintOf, toSeverity, uniqueFingerprints } from './model';
import type { Finding, TargetInfo, TrivyReport } from './model';

/** The only Trivy JSON schema this reader understands. */
export const SUPPORTED_SCHEMA_VERSION = 2;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** True when the text looks like Trivy's default `table` output rather than JSON. */
export function looksLikeTrivyTable(text: string): boolean {
  return /Report Summary|^Total: \d+|[┌│└]/m.test(text) && !/^\s*[{[]/.test(text);
}

/** Parses JSON or throws one clear error naming the file; detects table output and says how to fix it. */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (looksLikeTrivyTable(text)) {
      throw new Error(
        `${file}: not JSON — this is Trivy's table output; run trivy with --format json (e.g. --format json --output ${file})`,
      );
    }
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`${file}: not valid JSON (${why}); expected a Trivy report written with --format json`);
  }
}

function vulnerability(v: Json, target: string, targetType: string | undefined): Finding {
  const pkg = isObject(v.PkgIdentifier) ? v.PkgIdentifier : {};
  const base = {
    kind: 'vulnerability' as const,
    id: str(v.VulnerabilityID) ?? 'UNKNOWN-ID',
    target,
    pkgName: str(v.PkgName),
    pkgPath: str(v.PkgPath),
  };
  return {
    ...base,
    aliases: [],
    severity: toSeverity(v.Severity),
    targetType,
    purl: str(pkg.PURL),
    installedVersion: str(v.InstalledVersion),
    fixedVersion: str(v.FixedVersion),
    title: str(v.Title) ?? str(v.Description)?.slice(0, 200) ?? base.id,
    url: str(v.PrimaryURL),
    status: str(v.Status),
    fingerprint: fingerprintOf(base),
  };
}

function misconfiguration(m: Json, target: string, targetType: string | undefined): Finding {
  const cause = isObject(m.CauseMetadata) ? m.CauseMetadata : {};
  const id = str(m.ID) ?? str(m.AVDID) ?? 'UNKNOWN-ID';
  const base = {
    kind: 'misconfiguration' as const,
    id,
    target,
    pkgName: str(cause.Resource),
    pkgPath: undefined,
  };
  const avd = str(m.AVDID);
  const message = str(m.Message);
  return {
    ...base,
    message,
    aliases: avd && avd !== id ? [avd] : [],
    severity: toSeverity(m.Severity),
    targetType,
    title: str(m.Title) ?? id,
    url: str(m.PrimaryURL),
    status: str(m.Status),
    line: typeof cause.StartLine === 'number' ? cause.StartLine : undefined,
    fingerprint: fingerprintOf({ ...base, discriminator: base.pkgName ? undefined : message }),
  };
}

// Only fields without the secret itself are read: Match and Code (which holds the surrounding lines,
// sometimes unmasked) are never copied.
function secret(s: Json, target: string): Finding {
  const base = { kind: 'secret' as const, id: str(s.RuleID) ?? 'UNKNOWN-RULE', target, pkgName: undefined };
  return {
    ...base,
    pkgPath: undefined,
    aliases: [],
    severity: toSeverity(s.Severity),
    title: str(s.Title) ?? base.id,
    status: str(s.Category),
    line: typeof s.StartLine === 'number' ? s.StartLine : undefined,
    fingerprint: fingerprintOf(base),
  };
}

/** Reduces an already parsed Trivy JSON document; `file` names it in errors. */
export function readTrivyJson(doc: unknown, file: string): TrivyReport {
  if (!isObject(doc) || !('SchemaVersion' in doc)) {
    throw new Error(
      `${file}: not a Trivy JSON report (no SchemaVersion); expected output of trivy --format json`,
    );
  }
  if (doc.SchemaVersion !== SUPPORTED_SCHEMA_VERSION) {
    throw new Error(
      `${file}: Trivy report SchemaVersion ${JSON.stringify(doc.SchemaVersion)} is not supported; only SchemaVersion ${SUPPORTED_SCHEMA_VERSION} (Trivy ≥ 0.20) is`,
    );
  }
  if (doc.Results !== undefined && doc.Results !== null && !Array.isArray(doc.Results)) {
    throw new Error(`${file}: Trivy report "Results" must be a list, got ${typeof doc.Results}`);
  }
  const targets: TargetInfo[] = [];
  const findings: Finding[] = [];
  for (const r of list(doc.Results)) {
    const target = str(r.Target) ?? '(unnamed target)';
    const type = str(r.Type);
    const summary = isObject(r.MisconfSummary) ? r.MisconfSummary : {};
    let misconfPassed = typeof summary.Successes === 'number' ? summary.Successes : 0;
    for (const v of list(r.Vulnerabilities)) findings.push(vulnerability(v, target, type));
    for (const m of list(r.Misconfigurations)) {
      // Trivy lists PASS (and EXCEPTION) checks too when asked to; only failures are problems.
      if (m.Status === 'FAIL') findings.push(misconfiguration(m, target, type));
      else if (summary.Successes === undefined && m.Status === 'PASS') misconfPassed++;
    }
    for (const s of list(r.Secrets)) findings.push(secret(s, target));
    targets.push({ target, class: str(r.Class), type, misconfPassed });
  }
  uniqueFingerprints(findings);
  const trivy = isObject(doc.Trivy) ? doc.Trivy : {};
  return {
    file,
    schemaVersion: SUPPORTED_SCHEMA_VERSION,
    trivyVersion: str(trivy.Version),
    artifactName: str(doc.ArtifactName) ?? '(unnamed artifact)',
    artifactType: str(doc.ArtifactType) ?? 'unknown',
    targets,
    findings,
  };
}

/** Reads a Trivy JSON report from its text; `file` names it in errors. */
export function readTrivyReport(text: string, file: string): TrivyReport {
  return readTrivyJson(parseJsonFile(text, file), file);
}
