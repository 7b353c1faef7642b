import {
  COMMENT_BUDGET,
  fitSections,
  heading,
  raw,
  statusIcon,
  table,
  type Section,
} from '@shipyard/markdown';
import {
  coverageRow,
  deployRow,
  gateObjects,
  k6Row,
  terraformRow,
  trivyRow,
  type GateRow,
  type NeedsJob,
} from './gate-results';

/** Every gate result the report can show; a missing one is reported as skipped, never as an error. */
export interface PipelineResults {
  coverage?: unknown;
  trivy?: unknown;
  k6?: unknown;
  terraform?: unknown;
  deploy?: unknown;
  /** `toJSON(needs)` of the report job: each job's result, so a job that died before reporting shows. */
  needs?: Record<string, NeedsJob>;
  /** The run's URL; each row links to it unless its result names its own. */
  runUrl?: string;
  title?: string;
}

/** The verdict and the rendered comment. */
export interface PipelineReport {
  rows: GateRow[];
  passed: boolean;
  failed: GateRow[];
  markdown: string;
  truncated: boolean;
}

const GATES = [
  { key: 'coverage', label: 'Coverage', row: coverageRow },
  { key: 'trivy', label: 'Trivy', row: trivyRow },
  { key: 'k6', label: 'k6 smoke', row: k6Row },
  { key: 'terraform', label: 'Terraform', row: terraformRow },
  { key: 'deploy', label: 'Deploy', row: deployRow },
] as const;

const JOB_STATUS: Record<string, 'pass' | 'fail' | 'skip' | 'warn'> = {
  success: 'pass',
  failure: 'fail',
  cancelled: 'warn',
  skipped: 'skip',
};

/** Turns the gate inputs into rows: one per result object, or one "skipped" row for an absent gate. */
export function gateRows(results: PipelineResults): GateRow[] {
  const rows: GateRow[] = [];
  for (const gate of GATES) {
    const objects = gateObjects(gate.label, results[gate.key]);
    if (objects.length === 0) {
      // A job that failed before writing its result is a failure, not a skip.
      const job = results.needs?.[gate.key];
      const died = job?.result === 'failure' || job?.result === 'cancelled';
      rows.push({
        gate: gate.label,
        status: died ? 'fail' : 'skip',
        summary: died ? `job ${job.result} before reporting a result` : 'skipped (no result)',
      });
      continue;
    }
    rows.push(...objects.map((o) => gate.row(o)));
  }
  return rows.map((r) => (r.url || !results.runUrl ? r : { ...r, url: results.runUrl }));
}

function link(url: string | undefined): ReturnType<typeof raw> | string {
  return url ? raw(`[summary](${url})`) : '';
}

function gateTable(rows: readonly GateRow[]): string {
  return table(
    ['', 'Gate', 'Target', 'Result', 'Details'],
    rows.map((r) => [raw(statusIcon(r.status)), r.gate, r.target ?? '', r.summary, link(r.url)]),
  );
}

/**
 * Renders the one pipeline comment: a verdict line, a table of gates (failures first when it must shrink),
 * then the jobs. Fitted to GitHub's comment limit with `fitSections`.
 */
export function buildPipelineReport(results: PipelineResults): PipelineReport {
  const rows = gateRows(results);
  const jobs = Object.entries(results.needs ?? {});
  const failedJobs = jobs.filter(([, j]) => j.result === 'failure');
  const failed = rows.filter((r) => r.status === 'fail');
  const passed = failed.length === 0 && failedJobs.length === 0;
  const ran = rows.filter((r) => r.status !== 'skip').length;
  const verdict = passed
    ? `${statusIcon('pass')} **${ran} gate result${ran === 1 ? '' : 's'} passed**`
    : `${statusIcon('fail')} **${failed.length} gate result${failed.length === 1 ? '' : 's'} and ${failedJobs.length} job${failedJobs.length === 1 ? '' : 's'} failed**`;
  const runLink = results.runUrl ? ` — [workflow run](${results.runUrl})` : '';
  const sections: Section[] = [
    {
      title: 'verdict',
      priority: Infinity,
      content: `${heading(2, results.title ?? 'Pipeline report')}\n\n${verdict}${runLink}`,
    },
    {
      title: 'gates',
      priority: 100,
      content: gateTable(rows),
      // Condensed: only what needs attention, so a thousand green scan targets cannot hide the red one.
      condensed:
        gateTable(rows.filter((r) => r.status === 'fail' || r.status === 'warn')) ||
        `${rows.length} gate results, none failed.`,
    },
  ];
  if (jobs.length) {
    sections.push({
      title: 'jobs',
      priority: 10,
      content: table(
        ['', 'Job', 'Result'],
        jobs.map(([name, j]) => [raw(statusIcon(JOB_STATUS[j.result] ?? 'warn')), name, j.result]),
      ),
    });
  }
  const fit = fitSections(sections, {
    limit: COMMENT_BUDGET,
    fullReportHint: 'full report in the job summaries',
  });
  return { rows, passed, failed, markdown: fit.text, truncated: fit.truncated };
}
