import { k6Sections } from '@shipyard/k6';
import { codeBlock, escapeText, heading, statusIcon } from '@shipyard/markdown';
import type { Section } from '@shipyard/markdown';
import type { BaselineOutcome } from './baseline-store';
import type { K6Run } from './run-k6';

/** A run with what was learned about it after k6 finished. */
export interface ReportedRun extends K6Run {
  baseline?: BaselineOutcome;
  /** Why no comparison happened, when one was asked for. */
  baselineNote?: string;
}

/** Whether a run passes the gate: k6 worked, every threshold held and p95 did not regress. */
export const runPassed = (r: ReportedRun): boolean =>
  !r.error && r.result !== undefined && r.result.passed && r.baseline?.comparison.passed !== false;

/** The one-line reason a run failed, for the step's error. */
export function failureReason(r: ReportedRun): string {
  if (r.error) return `${r.label}: ${r.error}${r.stderrTail ? `\n${r.stderrTail}` : ''}`;
  const failed = r.result?.thresholds.filter((t) => !t.passed) ?? [];
  const reasons = [
    ...(failed.length
      ? [`thresholds failed: ${failed.map((t) => `${t.metric} ${t.expression}`).join(', ')}`]
      : r.result && !r.result.passed
        ? [r.exit?.description ?? 'k6 reported the run as failed']
        : []),
    ...(r.baseline?.comparison.reasons ?? []),
  ];
  return `${r.label}: ${reasons.join('; ')}`;
}

/** Sections of every run: each run's verdict first, then details by priority. */
export function reportSections(runs: readonly ReportedRun[], name: string, readiness?: string): Section[] {
  const passed = runs.every(runPassed);
  const sections: Section[] = [
    {
      title: 'title',
      priority: Infinity,
      content: [
        heading(2, `${statusIcon(passed ? 'pass' : 'fail')} k6 smoke · ${escapeText(name)}`),
        readiness ? escapeText(readiness) : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    },
  ];
  for (const run of runs) {
    if (!run.result) {
      sections.push({
        title: `${run.label} error`,
        priority: Infinity,
        content: [
          heading(
            3,
            `${statusIcon('fail')} ${escapeText(run.label)}: ${escapeText(run.error ?? 'no result')}`,
          ),
          run.stderrTail ? codeBlock(run.stderrTail) : '',
        ]
          .filter(Boolean)
          .join('\n\n'),
        condensed: heading(
          3,
          `${statusIcon('fail')} ${escapeText(run.label)}: ${escapeText(run.error ?? '')}`,
        ),
      });
      continue;
    }
    const own = k6Sections(run.result, {
      title: run.label,
      ...(run.baseline ? { baseline: run.baseline } : {}),
      ...(run.error ? { error: run.error } : {}),
    });
    for (const s of own) {
      const content =
        s.title === 'verdict' && run.baselineNote
          ? `${s.content}\n\n_${escapeText(run.baselineNote)}_`
          : s.content;
      sections.push({ ...s, content, title: `${run.label} ${s.title ?? ''}`.trim() });
    }
  }
  return sections;
}

/** Figures for the outputs: the worst latency and error rate of all runs, and their summed throughput. */
export function outputFigures(runs: readonly ReportedRun[]) {
  const results = runs.flatMap((r) => (r.result ? [r.result] : []));
  const max = (xs: (number | undefined)[]) => {
    const v = xs.filter((x): x is number => x !== undefined);
    return v.length ? Math.max(...v) : undefined;
  };
  const rps = results.map((r) => r.rps).filter((x): x is number => x !== undefined);
  return {
    p95: max(results.map((r) => r.latency.p95)),
    p99: max(results.map((r) => r.latency.p99)),
    errorRate: max(results.map((r) => r.errorRate)),
    rps: rps.length ? rps.reduce((a, b) => a + b, 0) : undefined,
  };
}
