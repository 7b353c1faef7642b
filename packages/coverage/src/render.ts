import {
  barChart,
  bullets,
  code,
  escapeText,
  heading,
  link,
  percent as pctText,
  raw,
  statusIcon,
  table,
  type Section,
} from '@shipyard/markdown';
import type { MetricBaseline } from './baseline';
import { pointsChange } from './baseline';
import { worstFiles, type GateResult } from './gates';
import type { UncoveredRange } from './patch';

/** Everything a coverage report shows; built by the action, rendered here without any I/O. */
export interface CoverageView {
  /** Instance name (several gates in one PR keep apart by it). */
  name: string;
  result: GateResult;
  /** Why there is no patch coverage (not a PR, no git history), when `result.patch` is absent. */
  patchNote?: string;
  /** The base commit compared against and whether its cache entry was for exactly that commit. */
  base?: { sha: string; exact: boolean; totals: MetricBaseline };
  /** Why there is no base comparison (no base yet, not a PR, no cache), when `base` is absent. */
  baseNote?: string;
  /** Uncovered changed lines, most important first. */
  uncovered: UncoveredRange[];
  /** Link to a line at the head commit, when known. */
  link: (path: string, line: number) => string | undefined;
  /** Plain-text remarks (patterns that matched nothing, unmeasured changed files). */
  notes: string[];
}

/** How much each kind of report shows. */
interface Sizes {
  worst: number;
  uncovered: number;
  outside: number;
}

const SUMMARY: Sizes = { worst: 15, uncovered: 50, outside: 50 };
const COMMENT: Sizes = { worst: 5, uncovered: 10, outside: 10 };

/** The job summary as prioritised sections (fit them with `fitSections` and the summary budget). */
export function summarySections(view: CoverageView): Section[] {
  return sections(view, SUMMARY, true);
}

/** The PR comment as prioritised sections (fit them with `fitSections` and `COMMENT_BUDGET`). */
export function commentSections(view: CoverageView): Section[] {
  return sections(view, COMMENT, false);
}

function sections(view: CoverageView, sizes: Sizes, chart: boolean): Section[] {
  const out: Section[] = [{ content: headline(view), priority: Infinity, title: 'verdict' }];
  const pkgs = packageTable(view);
  if (pkgs) out.push({ ...pkgs, priority: 80, title: 'packages' });
  if (chart) {
    const picture = packageChart(view);
    if (picture) out.push({ content: picture, priority: 20, title: 'chart' });
  }
  const uncovered = uncoveredList(view, sizes.uncovered);
  if (uncovered)
    out.push({
      content: uncovered,
      condensed: uncoveredList(view, 5),
      priority: 70,
      title: 'uncovered changed lines',
    });
  if (view.notes.length)
    out.push({ content: bullets(view.notes.map(escapeText)), priority: 60, title: 'notes' });
  const worst = worstTable(view, sizes.worst);
  if (worst) out.push({ content: worst, priority: 50, title: 'worst files' });
  const outside = outsideList(view, sizes.outside);
  if (outside) out.push({ content: outside, priority: 40, title: 'files outside the repository' });
  return out;
}

function headline(view: CoverageView): string {
  const r = view.result;
  const state = r.waived ? 'waived' : r.passed ? 'pass' : 'fail';
  const verdict = r.waived ? 'failed, waived' : r.passed ? 'passed' : 'failed';
  const lines = [
    heading(
      3,
      `${statusIcon(state)} Coverage${view.name === 'coverage' ? '' : ` ${escapeText(view.name)}`}: ${pctText(r.total.pct)} ${r.metric} — ${verdict}`,
    ),
  ];
  if (r.waived) {
    lines.push(
      `> [!WARNING]\n> **Coverage gate waived by label.** These gates failed and were not enforced:\n${r.failures
        .map((f) => `> - ${escapeText(f.message)}`)
        .join('\n')}`,
    );
  } else if (r.failures.length) {
    lines.push(bullets(r.failures.map((f) => `${statusIcon('fail')} ${escapeText(f.message)}`)));
  }
  lines.push(
    table(['Gate', 'Value', 'Required', 'Result'], gateRows(view), ['left', 'right', 'right', 'center']),
  );
  return lines.join('\n\n');
}

function gateRows(view: CoverageView): (string | ReturnType<typeof raw>)[][] {
  const r = view.result;
  const failed = (gate: string) => r.failures.some((f) => f.gate === gate);
  const icon = (ok: boolean, skip = false) =>
    raw(statusIcon(skip ? 'skip' : ok ? 'pass' : r.waived ? 'waived' : 'fail'));
  const rows = [
    [
      `Total (${r.metric})`,
      `${pctText(r.total.pct)} (${r.total.covered}/${r.total.total})`,
      r.total.threshold === undefined ? '—' : `≥ ${r.total.threshold} %`,
      icon(!failed('total'), r.total.threshold === undefined),
    ],
  ];
  const p = r.patch;
  if (p) {
    const value =
      p.pct === null ? (p.reason ?? 'nothing measured') : `${pctText(p.pct)} (${p.covered}/${p.total} lines)`;
    rows.push([
      'Patch',
      value,
      p.threshold === undefined ? '—' : `≥ ${p.threshold} %`,
      icon(p.passed, p.threshold === undefined),
    ]);
  } else rows.push(['Patch', view.patchNote ?? 'not applicable', '—', icon(true, true)]);
  const d = r.delta;
  const baseText = view.base
    ? ` (base ${pctText(view.base.totals.total ?? 0)} at ${view.base.sha.slice(0, 7)})`
    : '';
  if (d && d.change !== null) {
    rows.push([
      'Change vs base',
      `${signed(d.change)} pp${baseText}`,
      d.maxDecrease === undefined ? '—' : `drop ≤ ${d.maxDecrease} pp`,
      icon(d.passed, d.maxDecrease === undefined),
    ]);
  } else rows.push(['Change vs base', view.baseNote ?? d?.reason ?? 'no base yet', '—', icon(true, true)]);
  return rows;
}

function signed(n: number): string {
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(2)}`;
}

function packageTable(view: CoverageView): { content: string; condensed: string } | undefined {
  const r = view.result;
  if (r.packages.length === 0) return undefined;
  const failing = new Set(r.failures.filter((f) => f.gate === 'package').map((f) => f.message));
  const rowOf = (p: GateResult['packages'][number]) => {
    const bad = [...failing].some((m) => m.startsWith(`package ${p.name}:`));
    const state =
      p.status === 'no report' ? (bad ? 'fail' : 'warn') : bad ? (r.waived ? 'waived' : 'fail') : 'pass';
    const change = pointsChange(p.pct, view.base?.totals.packages[p.name]);
    return [
      p.name,
      p.pct === null ? p.status : pctText(p.pct),
      p.threshold === undefined ? '—' : `${p.threshold} %`,
      change === null ? '—' : `${signed(change)} pp`,
      p.files.length,
      raw(`${statusIcon(state)}${p.status === 'no report' ? ' no report' : ''}`),
    ];
  };
  const headers = ['Package', 'Coverage', 'Threshold', 'Δ vs base', 'Files', 'Status'];
  const align = ['left', 'right', 'right', 'right', 'right', 'center'] as const;
  const content = `${heading(4, 'Packages')}\n\n${table(headers, r.packages.map(rowOf), align)}`;
  const bad = r.packages.filter((p) => [...failing].some((m) => m.startsWith(`package ${p.name}:`)));
  const condensed = bad.length
    ? `${heading(4, 'Failing packages')}\n\n${table(headers, bad.map(rowOf), align)}`
    : `${r.packages.length} packages, all passing.`;
  return { content, condensed };
}

function packageChart(view: CoverageView): string | undefined {
  const pkgs = view.result.packages;
  // One bar is no picture; past ~20 the labels overlap and the table reads faster.
  if (pkgs.length < 2 || pkgs.length > 20) return undefined;
  const series = [{ name: 'coverage', values: pkgs.map((p) => p.pct ?? 0) }];
  if (pkgs.some((p) => p.threshold !== undefined))
    series.push({
      name: 'threshold',
      values: pkgs.map((p) => p.threshold ?? view.result.total.threshold ?? 0),
    });
  return `${heading(4, 'Coverage per package')}\n\n${barChart({
    title: `${view.result.metric} %: coverage, then threshold`,
    labels: pkgs.map((p) => p.name),
    series,
    yLabel: '%',
    yMax: 100,
  })}`;
}

function uncoveredList(view: CoverageView, max: number): string | undefined {
  if (view.uncovered.length === 0) return undefined;
  const shown = view.uncovered.slice(0, max);
  const items = shown.map((u) => {
    const where = u.start === u.end ? `${u.path}:${u.start}` : `${u.path}:${u.start}–${u.end}`;
    const url = view.link(u.path, u.start);
    const target = url ? link(where, url) : code(where);
    return `${target} — ${u.lines} uncovered line${u.lines === 1 ? '' : 's'}`;
  });
  const more = view.uncovered.length - shown.length;
  if (more > 0) items.push(`… and ${more} more ranges`);
  return `${heading(4, 'Uncovered changed lines')}\n\n${bullets(items)}`;
}

function worstTable(view: CoverageView, n: number): string | undefined {
  const worst = worstFiles(view.result.files, n);
  if (worst.length === 0) return undefined;
  const rows = worst.map((f) => {
    const url = f.outside ? undefined : view.link(f.path, 0);
    return [url ? raw(link(f.path, url)) : f.path, pctText(f.pct ?? 0), f.missed, f.total];
  });
  return `${heading(4, `Least covered files (${view.result.metric})`)}\n\n${table(
    ['File', 'Coverage', 'Missed', 'Total'],
    rows,
    ['left', 'right', 'right', 'right'],
  )}`;
}

function outsideList(view: CoverageView, max: number): string | undefined {
  const outside = view.result.files.filter((f) => f.outside);
  if (outside.length === 0) return undefined;
  const items = outside.slice(0, max).map((f) => code(f.path));
  if (outside.length > max) items.push(`… and ${outside.length - max} more`);
  return `${heading(4, `Files outside the repository (${outside.length}, counted in the total)`)}\n\n${bullets(items)}`;
}
