import { SEVERITIES, toSeverity } from './model';
import type { Severity } from './model';
import { parseJsonFile } from './read-report';

/** What a Trivy SARIF file says, counted: the action uploads the file itself, we only summarise it. */
export interface SarifSummary {
  file: string;
  version: string;
  tool: string;
  total: number;
  byLevel: Record<string, number>;
  bySeverity: Record<Severity, number>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

// GitHub's convention for `security-severity` (a CVSS-like score), used when a rule has no severity tag.
function fromScore(score: number): Severity {
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return 'UNKNOWN';
}

function ruleSeverity(rule: Json | undefined): Severity {
  const props = rule && isObject(rule.properties) ? rule.properties : {};
  const tags: unknown[] = Array.isArray(props.tags) ? (props.tags as unknown[]) : [];
  const tagged = tags.find((t) => typeof t === 'string' && (SEVERITIES as readonly string[]).includes(t));
  if (typeof tagged === 'string') return toSeverity(tagged);
  const score = Number(props['security-severity']);
  return Number.isFinite(score) ? fromScore(score) : 'UNKNOWN';
}

/** Reads a SARIF 2.1.0 file (as Trivy writes it) and counts its results by level and by rule severity. */
export function readTrivySarif(text: string, file: string): SarifSummary {
  const doc = parseJsonFile(text, file);
  if (!isObject(doc) || !Array.isArray(doc.runs)) {
    throw new Error(`${file}: not a SARIF log (no "runs" list)`);
  }
  if (doc.version !== '2.1.0') {
    throw new Error(`${file}: SARIF version ${JSON.stringify(doc.version)} is not supported; only 2.1.0 is`);
  }
  const byLevel: Record<string, number> = {};
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let total = 0;
  let tool = 'unknown';
  for (const run of list(doc.runs)) {
    const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : {};
    if (typeof driver.name === 'string') tool = driver.name;
    const rules = list(driver.rules);
    const byId = new Map(rules.map((r) => [r.id, r]));
    for (const result of list(run.results)) {
      total++;
      // SARIF's default level is "warning" when neither the result nor the rule sets one.
      const level = typeof result.level === 'string' ? result.level : 'warning';
      byLevel[level] = (byLevel[level] ?? 0) + 1;
      const rule = typeof result.ruleIndex === 'number' ? rules[result.ruleIndex] : byId.get(result.ruleId);
      bySeverity[ruleSeverity(rule)]++;
    }
  }
  return { file, version: '2.1.0', tool, total, byLevel, bySeverity };
}
