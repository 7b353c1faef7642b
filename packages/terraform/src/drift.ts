import { COMMENT_BUDGET, escapeText, link, statusIcon } from '@shipyard/markdown';
import type { FitResult } from '@shipyard/markdown';
import { countChanges, summarizePlan } from './counts';
import { fitTiered } from './fit';
import type { TieredSection } from './fit';
import type { Plan } from './model';
import { renderCountsTable, renderDestructive, renderHeader } from './render-parts';
import type { PlanHeader } from './render-parts';
import { driftSection, resourceSections } from './render-plan';
import { createScrubber, sensitiveStrings } from './sensitive';

/** Options for the drift issue. */
export interface DriftIssueOptions {
  header: PlanHeader;
  /** Link to the workflow run that found the drift (only http(s) is linked). */
  runUrl?: string;
  /** When the drift was found, as the caller wants it shown (the clock is the caller's). */
  detectedAt?: string;
  /** Characters the caller needs for a hidden marker. */
  reserve?: number;
}

/** True when a scheduled plan found something to report: drift, or changes an apply would make. */
export function hasDrift(plan: Plan): boolean {
  return plan.resourceDrift.length > 0 || summarizePlan(plan).hasChanges;
}

/**
 * The body of the drift issue: what changed outside Terraform, then what applying the configuration would
 * do about it. Issue bodies share the comment limit, so it is fitted to {@link COMMENT_BUDGET}.
 */
export function renderDriftIssue(plan: Plan, options: DriftIssueOptions): FitResult {
  const scrub = createScrubber(sensitiveStrings(plan));
  const summary = summarizePlan(plan);
  const drifted = countChanges(plan.resourceDrift);
  const when = options.detectedAt ? ` on ${escapeText(options.detectedAt)}` : '';
  const run = options.runUrl ? ` (${link('workflow run', options.runUrl)})` : '';
  const intro = [
    `${statusIcon('warn')} **Drift detected${when}**${run}: ${plan.resourceDrift.length} resource${plan.resourceDrift.length === 1 ? '' : 's'} changed outside Terraform; applying the configuration would change ${summary.counts.create + summary.counts.update + summary.counts.replace + summary.counts.delete} resource(s).`,
    plan.resourceDrift.length ? `**Changed outside Terraform**\n\n${renderCountsTable(drifted)}` : '',
    summary.hasChanges ? `**Planned to reconcile**\n\n${renderCountsTable(summary.counts)}` : '',
  ].filter(Boolean);
  const sections: TieredSection[] = [
    {
      title: 'header',
      priority: Infinity,
      full: renderHeader({ title: 'Terraform drift', ...options.header }),
    },
    { title: 'summary', priority: Infinity, full: intro.join('\n\n') },
    ...driftSection(plan.resourceDrift, scrub, 70),
    {
      title: 'destroyed resources',
      priority: Infinity,
      full: renderDestructive(summary.destructive),
      list: renderDestructive(summary.destructive, 25),
    },
    ...resourceSections(plan.resourceChanges, scrub),
  ];
  return fitTiered(sections, {
    limit: COMMENT_BUDGET - (options.reserve ?? 0),
    hint: 'the full plan is in the workflow run summary',
    scrub,
  });
}
