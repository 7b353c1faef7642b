import { PipelineInputError } from './errors';

/** How a gate ended, in the icons every report uses. */
export type GateStatus = 'pass' | 'fail' | 'skip' | 'warn';

/** One row of the pipeline report: a gate (or one target of a gate) and its headline numbers. */
export interface GateRow {
  gate: string;
  target?: string;
  status: GateStatus;
  /** Plain text: numbers and words, escaped when rendered. */
  summary: string;
  /** Where the full report is (a job summary); the run URL when the input has none. */
  url?: string;
}

/** A job as `toJSON(needs)` shows it: its result and its outputs (always strings). */
export interface NeedsJob {
  result: string;
  outputs?: Record<string, string>;
}

type Loose = Record<string, unknown>;

const isRecord = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a field under any of its spellings (`error-rate`, `errorRate`, `error_rate`). */
function field(obj: Loose, ...names: string[]): unknown {
  for (const name of names) if (obj[name] !== undefined && obj[name] !== '') return obj[name];
  return undefined;
}
function num(obj: Loose, ...names: string[]): number | undefined {
  const v = field(obj, ...names);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
function bool(obj: Loose, ...names: string[]): boolean | undefined {
  const v = field(obj, ...names);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}
function text(obj: Loose, ...names: string[]): string | undefined {
  const v = field(obj, ...names);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}
const fixed = (n: number | undefined, digits = 2) => (n === undefined ? '?' : n.toFixed(digits));
const status = (passed: boolean | undefined): GateStatus =>
  passed === undefined ? 'warn' : passed ? 'pass' : 'fail';

/**
 * Turns one gate input into objects: an object, an array of objects, or JSON text of either. Anything else
 * is an error naming the gate, because a silently ignored result would read as "skipped".
 */
export function gateObjects(gate: string, value: unknown): Loose[] {
  if (value === undefined || value === null || value === '') return [];
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      throw new PipelineInputError(`${gate} result`, `is not JSON: ${JSON.stringify(value.slice(0, 60))}`);
    }
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (!list.every(isRecord)) {
    throw new PipelineInputError(`${gate} result`, 'expected a JSON object or an array of objects');
  }
  return list;
}

/** Coverage: the coverage-gate `report-json` file, or its step outputs (coverage, patch-coverage, delta, passed). */
export function coverageRow(obj: Loose): GateRow {
  const total = isRecord(obj.total) ? obj.total : undefined;
  const pct = total ? num(total, 'pct') : num(obj, 'coverage');
  const threshold = total ? num(total, 'threshold') : num(obj, 'threshold');
  const patch = isRecord(obj.patch) ? num(obj.patch, 'pct') : num(obj, 'patch-coverage', 'patchCoverage');
  const delta = isRecord(obj.delta) ? num(obj.delta, 'change') : num(obj, 'delta');
  const parts = [`${fixed(pct)} %${threshold === undefined ? '' : ` (min ${threshold} %)`}`];
  if (patch !== undefined) parts.push(`patch ${fixed(patch)} %`);
  if (delta !== undefined) parts.push(`Δ ${delta >= 0 ? '+' : ''}${fixed(delta)}`);
  return withUrl(obj, { gate: 'Coverage', status: status(bool(obj, 'passed')), summary: parts.join(', ') });
}

/** Trivy: the counts of one scan target (`critical`, `high`, … and optionally `new`, `passed`, `target`). */
export function trivyRow(obj: Loose): GateRow {
  const levels = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
  const counts = levels.map((l) => [l, num(obj, l) ?? 0] as const).filter(([, n]) => n > 0);
  const fresh = num(obj, 'new');
  const summary =
    (counts.length ? counts.map(([l, n]) => `${n} ${l}`).join(', ') : 'no findings') +
    (fresh === undefined ? '' : `; ${fresh} new`);
  const passed = bool(obj, 'passed') ?? (num(obj, 'critical') ?? 0) + (num(obj, 'high') ?? 0) === 0;
  return withUrl(obj, { gate: 'Trivy', ...target(obj), status: status(passed), summary });
}

/** k6: p95/p99 in ms, error rate as a fraction, requests per second. */
export function k6Row(obj: Loose): GateRow {
  const errorRate = num(obj, 'error-rate', 'errorRate', 'error_rate');
  const summary = [
    `p95 ${fixed(num(obj, 'p95'), 0)} ms`,
    `p99 ${fixed(num(obj, 'p99'), 0)} ms`,
    `errors ${errorRate === undefined ? '?' : (errorRate * 100).toFixed(2)} %`,
    `${fixed(num(obj, 'rps'), 1)} req/s`,
  ].join(', ');
  return withUrl(obj, { gate: 'k6 smoke', ...target(obj), status: status(bool(obj, 'passed')), summary });
}

/** Terraform: a plan summary per directory; changes are information, drift or an error is a failure. */
export function terraformRow(obj: Loose): GateRow {
  const counts = (['add', 'change', 'replace', 'destroy'] as const).map((k) => `${num(obj, k) ?? 0} ${k}`);
  const changes = bool(obj, 'has-changes', 'hasChanges');
  const passed = bool(obj, 'passed');
  const summary = changes === false ? 'no changes' : counts.join(', ');
  const st: GateStatus = passed === false ? 'fail' : (num(obj, 'destroy') ?? 0) > 0 ? 'warn' : 'pass';
  return withUrl(obj, {
    gate: 'Terraform',
    ...target(obj, 'directory', 'working-directory'),
    status: st,
    summary,
  });
}

/** Deploy: the helm-deploy-verify status, and whether rollback-on-failure restored a revision. */
export function deployRow(obj: Loose): GateRow {
  const st = text(obj, 'status') ?? '?';
  const revision = text(obj, 'revision');
  const rolledBack = bool(obj, 'rolled-back', 'rolledBack');
  const restored = text(obj, 'restored-revision', 'restoredRevision');
  const parts = [`${st}${revision ? ` (revision ${revision})` : ''}`];
  if (rolledBack) parts.push(`rolled back${restored ? ` to ${restored}` : ''}`);
  const passed = bool(obj, 'passed') ?? (st === 'deployed' && !rolledBack);
  return withUrl(obj, {
    gate: 'Deploy',
    ...target(obj, 'environment', 'release'),
    status: status(passed),
    summary: parts.join(', '),
  });
}

function target(obj: Loose, ...names: string[]): { target?: string } {
  const t = text(obj, ...names, 'target', 'name');
  return t ? { target: t } : {};
}
function withUrl(obj: Loose, row: GateRow): GateRow {
  const url = text(obj, 'url', 'summary-url');
  return url && /^https?:\/\//.test(url) ? { ...row, url } : row;
}
