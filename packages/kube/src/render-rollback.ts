import { code, escapeText, heading, statusIcon, type Section } from '@shipyard/markdown';
import type { RollbackReason } from './rollback';

/** The headline of a rollback run, shown first in the job summary. */
export interface RollbackHeadline {
  /** `helm release web` or `Deployment api`. */
  target: string;
  namespace: string;
  reason: RollbackReason;
  /** The revision this run deployed, and what helm/kubectl said about it. */
  from?: number;
  failed?: { status: string; description: string };
  /** The revision whose content was restored (or was to be). */
  to?: number;
  /** The new revision number the rollback itself created. */
  newRevision?: number;
  durationMs: number;
  /** One paragraph: what was done or why nothing was. */
  message: string;
  /** Whether this step fails the job (said explicitly: a green rollback step must not hide a broken deploy). */
  failsJob: boolean;
}

const TITLE: Record<RollbackReason, string> = {
  'rolled-back': 'rolled back',
  'rollback-failed': 'rollback failed',
  'nothing-deployed': 'nothing to roll back',
  'not-found': 'nothing to roll back',
  'changed-by-another-deploy': 'left alone (changed by another deploy)',
  'no-earlier-revision': 'nothing to roll back to',
};

/** The rollback section (never dropped): what failed, from which revision to which, and the exit verdict. */
export function renderRollback(h: RollbackHeadline): Section {
  const icon = statusIcon(
    h.reason === 'rolled-back' ? 'warn' : h.reason === 'rollback-failed' ? 'fail' : 'skip',
  );
  const lines = [
    heading(2, `${icon} Rollback of ${escapeText(h.target)}: ${TITLE[h.reason]}`),
    `Namespace ${code(h.namespace)}, ${(h.durationMs / 1000).toFixed(1)} s.`,
  ];
  if (h.from !== undefined && h.failed)
    lines.push(
      `**What failed:** revision ${h.from} (${escapeText(h.failed.status)}${h.failed.description ? `: ${escapeText(h.failed.description.replace(/\s+/g, ' ').trim())}` : ''}).`,
    );
  if (h.to !== undefined && h.from !== undefined)
    lines.push(
      `**Rollback:** revision ${h.from} → ${h.to}${h.newRevision !== undefined ? ` (the rollback is revision ${h.newRevision})` : ''}.`,
    );
  lines.push(`> ${escapeText(h.message).replace(/\n/g, '\n> ')}`);
  if (h.reason === 'rolled-back')
    lines.push(
      h.failsJob
        ? 'This step fails the job on purpose: the deploy failed, even though the previous revision is back.'
        : 'fail-job is false: this step passes, but the deploy it rolled back failed.',
    );
  else if (h.reason !== 'rollback-failed')
    lines.push(
      'This step exits 0: nothing was rolled back, and no failure is hidden — the failed deploy step already failed the job.',
    );
  return { content: lines.join('\n\n'), priority: Infinity, title: 'rollback' };
}
