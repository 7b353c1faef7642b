import { SEVERITIES } from './model';
import type { Severity } from './model';
import type { TrivyEvaluation } from './policy';

/** Findings per severity. */
export type SeverityCounts = Record<Severity, number>;

/** Counts of one target, or of the whole report. */
export interface TargetCounts {
  target: string;
  counts: SeverityCounts;
  total: number;
}

/** What the action exposes as outputs. Ignored findings are not counted: the user accepted them. */
export interface TrivyCounts {
  total: SeverityCounts;
  perTarget: TargetCounts[];
  /** Findings not in the base report (every counted finding when there is no base). */
  new: number;
  ignored: number;
  gating: number;
  passed: boolean;
}

/** A zero count for every severity. */
export function emptyCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
}

/** Counts an evaluation by severity, per target (in report order, clean targets included) and in total. */
export function countTrivy(evaluation: TrivyEvaluation): TrivyCounts {
  const total = emptyCounts();
  const perTarget = new Map<string, SeverityCounts>();
  for (const t of evaluation.report.targets)
    if (!perTarget.has(t.target)) perTarget.set(t.target, emptyCounts());
  let fresh = 0;
  let ignored = 0;
  for (const f of evaluation.findings) {
    if (f.decision === 'ignored') {
      ignored++;
      continue;
    }
    total[f.severity]++;
    let row = perTarget.get(f.target);
    if (!row) perTarget.set(f.target, (row = emptyCounts()));
    row[f.severity]++;
    if (f.isNew) fresh++;
  }
  const sum = (c: SeverityCounts) => SEVERITIES.reduce((n, s) => n + c[s], 0);
  return {
    total,
    perTarget: [...perTarget].map(([target, counts]) => ({ target, counts, total: sum(counts) })),
    new: fresh,
    ignored,
    gating: evaluation.gating.length,
    passed: evaluation.passed,
  };
}

/** The counts as flat action outputs (strings, as `core.setOutput` stores them). */
export function countOutputs(counts: TrivyCounts): Record<string, string> {
  return {
    critical: String(counts.total.CRITICAL),
    high: String(counts.total.HIGH),
    medium: String(counts.total.MEDIUM),
    low: String(counts.total.LOW),
    unknown: String(counts.total.UNKNOWN),
    new: String(counts.new),
    passed: String(counts.passed),
  };
}

/** Adds up the counts of several targets scanned in one step (per-target rows are concatenated). */
export function mergeCounts(all: readonly TrivyCounts[]): TrivyCounts {
  const total = emptyCounts();
  for (const c of all) for (const s of SEVERITIES) total[s] += c.total[s];
  return {
    total,
    perTarget: all.flatMap((c) => c.perTarget),
    new: all.reduce((n, c) => n + c.new, 0),
    ignored: all.reduce((n, c) => n + c.ignored, 0),
    gating: all.reduce((n, c) => n + c.gating, 0),
    passed: all.every((c) => c.passed),
  };
}
