import {
  COMMENT_BUDGET,
  SUMMARY_BUDGET_BYTES,
  bullets,
  code,
  heading,
  measureBytes,
  statusIcon,
} from '@shipyard/markdown';
import type { FitResult } from '@shipyard/markdown';
import { summarizePlan } from './counts';
import type { PlanSummary } from './counts';
import { fitTiered, scrubSections } from './fit';
import type { TieredSection } from './fit';
import type { Plan, ResourceChange } from './model';
import {
  GROUP_LABELS,
  GROUP_ORDER,
  groupHeading,
  groupOf,
  moduleLabel,
  renderAddressList,
  renderCountsTable,
  renderDestructive,
  renderHeader,
  renderOutputs,
  renderResource,
} from './render-parts';
import type { GroupKind, PlanHeader } from './render-parts';
import { createScrubber, sensitiveStrings } from './sensitive';
import type { Scrubber } from './sensitive';

/** How many destroyed addresses the condensed warning still names. */
const DESTRUCTIVE_CONDENSED = 25;

/** Priority of each group once lists must shrink: what destroys things is kept longest. */
const GROUP_PRIORITY: Record<GroupKind, number> = {
  delete: 60,
  replace: 60,
  update: 50,
  create: 40,
  import: 35,
  move: 30,
  forget: 30,
  read: 10,
};

/** Options shared by the plan renderings. */
export interface RenderOptions {
  header: PlanHeader;
  /** Characters the caller needs for itself (a hidden marker, the digest record); taken off the comment budget. */
  reserve?: number;
  /** Where the reader finds what the comment had to leave out. */
  fullReportHint?: string;
}

/** Resources by group then module, root module first, in plan order within each. */
export function groupResources(
  changes: readonly ResourceChange[],
): { kind: GroupKind; module?: string; resources: ResourceChange[] }[] {
  const buckets = new Map<string, { kind: GroupKind; module?: string; resources: ResourceChange[] }>();
  for (const rc of changes) {
    const kind = groupOf(rc);
    if (!kind) continue;
    const key = `${kind}\u0000${rc.moduleAddress ?? ''}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { kind, ...(rc.moduleAddress ? { module: rc.moduleAddress } : {}), resources: [] };
      buckets.set(key, bucket);
    }
    bucket.resources.push(rc);
  }
  return [...buckets.values()].sort(
    (a, b) =>
      GROUP_ORDER.indexOf(a.kind) - GROUP_ORDER.indexOf(b.kind) ||
      (a.module ?? '').localeCompare(b.module ?? ''),
  );
}

/** Sections for a list of resource changes, one per group and module, each with list and count renderings. */
export function resourceSections(
  changes: readonly ResourceChange[],
  scrub: Scrubber,
  priorityOffset = 0,
): TieredSection[] {
  return groupResources(changes).map(({ kind, module, resources }) => {
    const head = groupHeading(kind, module, resources.length);
    const count = resources.length;
    return {
      title: `${GROUP_LABELS[kind].title.toLowerCase()} in ${moduleLabel(module)}`,
      priority: GROUP_PRIORITY[kind] + priorityOffset,
      full: [head, ...resources.map((rc) => renderResource(rc, scrub))].join('\n\n'),
      list: `${head}\n\n${renderAddressList(resources)}`,
      line: `${head}\n\n_${count} resource${count === 1 ? '' : 's'}; list left out to fit._`,
    };
  });
}

/** The drift part: resources changed outside Terraform since the last apply. */
export function driftSection(
  drift: readonly ResourceChange[],
  scrub: Scrubber,
  priority: number,
): TieredSection[] {
  if (drift.length === 0) return [];
  const head = heading(3, `${statusIcon('warn')} Changed outside Terraform (${drift.length})`);
  const intro =
    'Terraform found these differences between the last applied state and the real infrastructure:';
  return [
    {
      title: 'drift',
      priority,
      full: [head, intro, ...drift.map((rc) => renderResource(rc, scrub))].join('\n\n'),
      list: [head, intro, renderAddressList(drift)].join('\n\n'),
      line: `${head}\n\n_${drift.length} drifted resources; list left out to fit._`,
    },
  ];
}

function summarySection(plan: Plan, summary: PlanSummary): string {
  const lines: string[] = [];
  if (plan.errored) lines.push(`> [!WARNING]\n> Terraform stopped at an error: this plan is incomplete.`);
  lines.push(
    summary.hasChanges
      ? `${statusIcon('info')} **Plan:** ${summary.counts.create} to add, ${summary.counts.update} to change, ${summary.counts.replace} to replace, ${summary.counts.delete} to destroy.`
      : `${statusIcon('pass')} **No changes.** The infrastructure matches the configuration.`,
  );
  if (summary.hasChanges || summary.counts.noOp > 0) lines.push(renderCountsTable(summary.counts));
  return lines.join('\n\n');
}

/** All parts of a plan report in order: header, summary, destroyed resources, groups, outputs, drift. */
export function planSections(plan: Plan, header: PlanHeader, scrub: Scrubber): TieredSection[] {
  const summary = summarizePlan(plan);
  const outputs = renderOutputs(plan.outputChanges, scrub);
  const outputNames = plan.outputChanges
    .filter((o) => o.change.actions.some((a) => a !== 'no-op'))
    .map((o) => code(o.name));
  return [
    { title: 'header', priority: Infinity, full: renderHeader(header) },
    { title: 'summary', priority: Infinity, full: summarySection(plan, summary) },
    {
      title: 'destroyed resources',
      priority: Infinity,
      full: renderDestructive(summary.destructive),
      list: renderDestructive(summary.destructive, DESTRUCTIVE_CONDENSED),
    },
    ...resourceSections(plan.resourceChanges, scrub),
    ...(outputs
      ? [
          {
            title: 'outputs',
            priority: 45,
            full: `${heading(4, '📤 Outputs')}\n\n${outputs}`,
            list: `${heading(4, '📤 Outputs')}\n\n${bullets(outputNames)}`,
          },
        ]
      : []),
    ...driftSection(plan.resourceDrift, scrub, 20),
  ];
}

/** The pull request comment: fits {@link COMMENT_BUDGET} minus `reserve`, with a visible note when cut. */
export function renderPlanComment(plan: Plan, options: RenderOptions): FitResult {
  return renderPlanReports(plan, options).comment;
}

/** The job summary: everything that fits in {@link SUMMARY_BUDGET_BYTES} (`reserve` applies to comments only). */
export function renderPlanSummary(plan: Plan, options: RenderOptions): FitResult {
  return renderPlanReports(plan, options).summary;
}

/** Both renderings from one pass over the plan: what the action posts, at half the cost of two calls. */
export function renderPlanReports(
  plan: Plan,
  options: RenderOptions,
): { comment: FitResult; summary: FitResult } {
  const scrub = createScrubber(sensitiveStrings(plan));
  // Scrubbed once for both renderings.
  const sections = scrubSections(planSections(plan, options.header, scrub), scrub);
  return {
    comment: fitTiered(sections, {
      limit: COMMENT_BUDGET - (options.reserve ?? 0),
      hint: options.fullReportHint ?? 'the full plan is in the job summary',
    }),
    summary: fitTiered(sections, {
      limit: SUMMARY_BUDGET_BYTES,
      measure: measureBytes,
      hint: 'run `terraform show` on the plan artifact for everything',
    }),
  };
}
