import {
  COMMENT_BUDGET,
  code,
  details,
  escapeText,
  fitSections,
  heading,
  link,
  raw,
  statusIcon,
  table,
} from '@shipyard/markdown';
import type { Cell, FitResult, Section } from '@shipyard/markdown';
import { SEVERITIES } from './model';
import type { Finding } from './model';
import { countTrivy } from './counts';
import type { TrivyEvaluation } from './policy';

/** Rows shown when the gating table is condensed to fit a comment. */
const CONDENSED_ROWS = 20;

function versions(f: Finding): Cell {
  if (f.kind !== 'vulnerability') return '';
  const fixed = f.fixedVersion ? code(f.fixedVersion) : '_no fix_';
  return raw(`${f.installedVersion ? code(f.installedVersion) : '?'} → ${fixed}`);
}

function findingRow(f: Finding): Cell[] {
  const where = f.pkgName ? code(f.pkgName) : f.line ? `line ${f.line}` : '';
  return [
    f.severity,
    raw(f.url ? link(f.id, f.url) : escapeText(f.id)),
    raw(where),
    versions(f),
    f.target,
    f.title,
  ];
}

const FINDING_HEADERS = ['Severity', 'ID', 'Package / resource', 'Installed → fixed', 'Target', 'Title'];

function findingsTable(rows: readonly Finding[], max = Infinity): string {
  const shown = rows.slice(0, max);
  const rest = rows.length - shown.length;
  const body = table(FINDING_HEADERS, shown.map(findingRow));
  return rest > 0 ? `${body}\n\n_…and ${rest} more (full list in the SARIF file and job summary)._` : body;
}

function describePolicy(e: TrivyEvaluation): string {
  const parts = [`severities ${e.severities.join(', ')}`];
  if (e.ignoreUnfixed) parts.push('fixed vulnerabilities only');
  if (e.newOnly) parts.push('new findings only');
  return parts.join('; ');
}

/** The report as prioritised sections: verdict first, then what to fix, then context. */
export function trivySections(e: TrivyEvaluation, title = 'Trivy'): Section[] {
  const counts = countTrivy(e);
  const icon = statusIcon(e.passed ? 'pass' : 'fail');
  const verdict = e.passed
    ? `No finding fails the gate (${describePolicy(e)}).`
    : `**${e.gating.length}** finding${e.gating.length === 1 ? ' fails' : 's fail'} the gate (${describePolicy(e)}).`;
  const totals = table(
    [...SEVERITIES, 'Ignored'],
    [[...SEVERITIES.map((s) => counts.total[s]), counts.ignored]],
    SEVERITIES.map(() => 'right'),
  );
  const sections: Section[] = [
    {
      title: 'verdict',
      priority: Infinity,
      content: [
        heading(3, `${icon} ${escapeText(title)}: ${escapeText(e.report.artifactName)}`),
        verdict,
        totals,
      ]
        .filter(Boolean)
        .join('\n\n'),
    },
  ];
  if (e.expiredIgnores.length) {
    const rows = e.expiredIgnores.map(({ rule, matched }) => [
      rule.id,
      rule.expiresAt?.toISOString().slice(0, 10) ?? '',
      rule.source,
      rule.reason ?? '',
      matched,
    ]);
    sections.push({
      title: 'expired ignores',
      priority: 90,
      content: `${statusIcon('warn')} **Expired ignores** — these no longer suppress anything; renew or remove them.\n\n${table(['ID', 'Expired', 'Where', 'Reason', 'Findings'], rows)}`,
    });
  }
  if (e.newOnly) {
    const inBase = e.findings.filter((f) => f.decision === 'in-base').length;
    sections.push({
      title: 'new-only note',
      priority: 85,
      content: `${statusIcon('info')} Only findings absent from the base branch's scan gate: ${counts.new} new, ${inBase} matching severities already on the base.`,
    });
  }
  const targetsWithFindings = counts.perTarget.filter((t) => t.total > 0);
  if (counts.perTarget.length) {
    const rows = counts.perTarget.map((t) => [t.target, ...SEVERITIES.map((s) => t.counts[s]), t.total]);
    sections.push({
      title: 'per-target counts',
      priority: 70,
      content: table(['Target', ...SEVERITIES, 'Total'], rows, [
        'left',
        ...SEVERITIES.map(() => 'right' as const),
        'right',
      ]),
      condensed: `${counts.perTarget.length} targets scanned, ${targetsWithFindings.length} with findings.`,
    });
  }
  if (e.gating.length) {
    sections.push({
      title: 'gating findings',
      priority: 60,
      content: `#### Findings that gate\n\n${findingsTable(e.gating)}`,
      condensed: `#### Findings that gate\n\n${findingsTable(e.gating, CONDENSED_ROWS)}`,
    });
  }
  const others = e.findings.filter((f) => f.decision !== 'gating' && f.decision !== 'ignored');
  if (others.length) {
    sections.push({
      title: 'other findings',
      priority: 10,
      content: details(`${others.length} other findings (not gating)`, findingsTable(others)),
    });
  }
  return sections;
}

/** Renders the report fitted to a limit (default: a PR comment's budget). */
export function renderTrivyMarkdown(
  e: TrivyEvaluation,
  options: { limit?: number; title?: string } = {},
): FitResult {
  return fitSections(trivySections(e, options.title), { limit: options.limit ?? COMMENT_BUDGET });
}
