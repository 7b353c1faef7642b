import {
  COMMENT_BUDGET,
  barChart,
  code,
  escapeText,
  fitSections,
  heading,
  percent,
  raw,
  statusIcon,
  table,
} from '@shipyard/markdown';
import type { FitResult, Section } from '@shipyard/markdown';
import type { BaselineComparison } from './baseline';
import type { K6Result } from './model';

const ms = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(1)} ms`);
const rate = (v: number | undefined) => (v === undefined ? 'n/a' : percent(v * 100));
const change = (v: number | undefined) => (v === undefined ? '' : `${v > 0 ? '+' : ''}${v.toFixed(1)} %`);

/** Options of the k6 report. */
export interface K6RenderOptions {
  title?: string;
  baseline?: { result: K6Result; comparison: BaselineComparison };
  /** A failure of the run itself (exit code other than 0/99) to show in the verdict. */
  error?: string;
}

/** The k6 report as prioritised sections: verdict, thresholds, latency, checks. */
export function k6Sections(r: K6Result, o: K6RenderOptions = {}): Section[] {
  const regressed = o.baseline && !o.baseline.comparison.passed;
  const failedChecks = r.checks.filter((c) => c.fails > 0);
  const ok = r.passed && !regressed && !o.error;
  const reasons = [
    ...(o.error ? [escapeText(o.error)] : []),
    ...r.thresholds
      .filter((t) => !t.passed)
      .map((t) => `threshold ${escapeText(`${t.metric}: ${t.expression}`)} failed`),
    ...(!r.passed && r.thresholds.length === 0 ? ['k6 reported the run as failed'] : []),
    ...(o.baseline?.comparison.reasons.map(escapeText) ?? []),
  ];
  const headline = `p95 ${ms(r.latency.p95)} · errors ${rate(r.errorRate)} · ${r.rps === undefined ? 'n/a' : r.rps.toFixed(1)} req/s · ${r.iterations ?? 'n/a'} iterations · ${r.vus ?? 'n/a'} VUs`;
  const sections: Section[] = [
    {
      title: 'verdict',
      priority: Infinity,
      content: [
        heading(
          3,
          `${statusIcon(ok ? 'pass' : 'fail')} ${escapeText(o.title ?? 'k6')}: ${ok ? 'passed' : 'failed'}`,
        ),
        headline,
        reasons.map((x) => `- ${x}`).join('\n'),
      ]
        .filter(Boolean)
        .join('\n\n'),
    },
  ];
  if (r.thresholds.length) {
    const rows = r.thresholds.map((t) => [
      raw(statusIcon(t.passed ? 'pass' : 'fail')),
      t.metric,
      raw(code(t.expression)),
      t.observed === undefined ? 'n/a' : Number(t.observed.toFixed(3)),
    ]);
    sections.push({
      title: 'thresholds',
      priority: 90,
      content: `#### Thresholds\n\n${table(['', 'Metric', 'Threshold', 'Observed'], rows, ['center', 'left', 'left', 'right'])}`,
    });
  }
  const b = o.baseline?.result;
  const latencyRows = (['p50', 'p90', 'p95', 'p99'] as const).map((k) => [
    k,
    ms(r.latency[k]),
    ...(b ? [ms(b.latency[k])] : []),
  ]);
  const deltaRows = o.baseline?.comparison.deltas.map((d) => [
    d.metric,
    d.current === undefined ? 'n/a' : Number(d.current.toFixed(4)),
    d.baseline === undefined ? 'n/a' : Number(d.baseline.toFixed(4)),
    change(d.changePct),
  ]);
  const chart = barChart({
    title: b ? 'latency ms: this run vs baseline' : 'latency ms',
    labels: ['p50', 'p90', 'p95', 'p99'],
    series: [
      {
        name: 'this run',
        values: [r.latency.p50, r.latency.p90, r.latency.p95, r.latency.p99].map((v) => v ?? 0),
      },
      ...(b
        ? [
            {
              name: 'baseline',
              values: [b.latency.p50, b.latency.p90, b.latency.p95, b.latency.p99].map((v) => v ?? 0),
            },
          ]
        : []),
    ],
    yLabel: 'ms',
  });
  const latencyTable = table(['Latency', 'This run', ...(b ? ['Baseline'] : [])], latencyRows, [
    'left',
    'right',
    'right',
  ]);
  sections.push({
    title: 'latency',
    priority: 70,
    content: [
      '#### Latency (http_req_duration)',
      latencyTable,
      deltaRows
        ? table(['Metric', 'This run', 'Baseline', 'Worse by'], deltaRows, [
            'left',
            'right',
            'right',
            'right',
          ])
        : '',
      chart,
    ]
      .filter(Boolean)
      .join('\n\n'),
    condensed: `#### Latency (http_req_duration)\n\n${latencyTable}`,
  });
  if (r.checks.length) {
    const rows = r.checks.map((c) => [
      raw(statusIcon(c.fails ? 'fail' : 'pass')),
      c.group ? `${c.group.replace(/^::/, '')} › ${c.name}` : c.name,
      c.passes,
      c.fails,
    ]);
    sections.push({
      title: 'checks',
      priority: 60,
      content: `#### Checks (${failedChecks.length} failing)\n\n${table(['', 'Check', 'Passes', 'Fails'], rows, ['center', 'left', 'right', 'right'])}`,
      condensed: `#### Checks\n\n${failedChecks.length} of ${r.checks.length} checks failing.`,
    });
  }
  return sections;
}

/** Renders the k6 report fitted to a limit (default: a PR comment's budget). */
export function renderK6Markdown(r: K6Result, o: K6RenderOptions & { limit?: number } = {}): FitResult {
  return fitSections(k6Sections(r, o), { limit: o.limit ?? COMMENT_BUDGET });
}
