import { bullets, code, heading, statusIcon } from '@shipyard/markdown';
import type { FitResult } from '@shipyard/markdown';
import {
  compareDigests,
  decodeDigestRecord,
  digestsMatch,
  encodeDigestRecord,
  planDigest,
  resourceDigests,
} from './digest';
import type { DigestDifference, DigestOptions } from './digest';
import type { Plan } from './model';
import { renderHeader } from './render-parts';
import type { PlanHeader } from './render-parts';
import { renderPlanReports } from './render-plan';
import type { RenderOptions } from './render-plan';

/**
 * What a reviewed plan leaves in its PR comment, and how `apply-check` reads it back: the plan digest and the
 * per-resource digest record, each in a hidden HTML comment, so apply can prove it applies what was reviewed
 * and, when not, say which resources differ.
 */

/** Name of the hidden comment holding the plan digest. */
export const PLAN_DIGEST_MARKER = 'shipyard-tf-plan-digest';
/** Name of the hidden comment holding the per-resource digest record. */
export const DIGEST_RECORD_MARKER = 'shipyard-tf-digest';
/**
 * Longest record embedded in a comment. Beyond it (about 2,500 changed resources) the record would take the
 * room of the plan itself, so only the plan digest is embedded and a mismatch cannot name resources.
 */
export const MAX_EMBEDDED_RECORD_CHARS = 24_000;

/** The digests of a reviewed plan. */
export interface ReviewedPlan {
  /** {@link planDigest} hex. */
  digest: string;
  /** {@link resourceDigests}, when the comment carried one. */
  record?: Record<string, string>;
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/** True for a {@link planDigest} value (64 lowercase hex characters). */
export function isPlanDigest(text: string): boolean {
  return HEX_DIGEST.test(text);
}

/** The hidden lines for a comment: the plan digest, and the record when given and small enough. */
export function embedDigests(digest: string, record?: Record<string, string>): string {
  const lines = [`<!-- ${PLAN_DIGEST_MARKER}: ${digest} -->`];
  const encoded = record && encodeDigestRecord(record);
  if (encoded && encoded.length <= MAX_EMBEDDED_RECORD_CHARS)
    lines.push(`<!-- ${DIGEST_RECORD_MARKER}: ${encoded} -->`);
  return lines.join('\n');
}

/** A plan's reports with the digests a later apply-check reads back. */
export interface ReviewableReports {
  digest: string;
  record: Record<string, string>;
  /** The comment body: the fitted report and the hidden digest lines. */
  comment: string;
  summary: FitResult;
  /** False when the record was left out of the comment (see {@link renderReviewableReports}). */
  recordEmbedded: boolean;
}

/**
 * Renders the comment and summary with the digests embedded in the comment. The record competes with the
 * report for the comment's room; when keeping it would cost the reader more than its own size (address
 * lists shrunk to counts in a plan of thousands of resources), it is left out: reviewers need to see what
 * changes, and the plan digest alone still makes apply-check refuse a different plan.
 */
export function renderReviewableReports(
  plan: Plan,
  options: RenderOptions & DigestOptions,
): ReviewableReports {
  const digest = planDigest(plan, options);
  const record = resourceDigests(plan, options);
  const withRecord = embedDigests(digest, record);
  const digestOnly = embedDigests(digest);
  const render = (embedded: string) =>
    renderPlanReports(plan, { ...options, reserve: (options.reserve ?? 0) + embedded.length + 2 });
  let reports = render(withRecord);
  let embedded = withRecord;
  if (reports.comment.truncated && withRecord !== digestOnly) {
    const lean = render(digestOnly);
    if (lean.comment.text.length - reports.comment.text.length > withRecord.length - digestOnly.length) {
      reports = lean;
      embedded = digestOnly;
    }
  }
  return {
    digest,
    record,
    comment: `${reports.comment.text}\n\n${embedded}`,
    summary: reports.summary,
    recordEmbedded: embedded === withRecord,
  };
}

/**
 * Reads {@link embedDigests} back from a comment body. Undefined when there is no valid plan digest (a
 * comment of a failed plan has none). A record that does not decode is left out rather than trusted.
 */
export function readEmbeddedDigests(body: string): ReviewedPlan | undefined {
  const digest = new RegExp(`<!-- ${PLAN_DIGEST_MARKER}: ([0-9a-f]{64}) -->`).exec(body)?.[1];
  if (!digest) return undefined;
  const encoded = new RegExp(`<!-- ${DIGEST_RECORD_MARKER}: (tfd1:[A-Za-z0-9_-]*) -->`).exec(body)?.[1];
  if (!encoded) return { digest };
  try {
    return { digest, record: decodeDigestRecord(encoded) };
  } catch {
    return { digest };
  }
}

/** The verdict of `apply-check`. */
export interface ApplyCheck {
  ok: boolean;
  reviewedDigest: string;
  currentDigest: string;
  /** Where the reviewed digest came from, for the report (`input reviewed-digest`, `PR #12`). */
  source: string;
  /** Which resources differ, when the reviewed record is known. */
  difference?: DigestDifference;
}

/** Compares the plan about to be applied with the reviewed one. */
export function checkReviewedPlan(
  reviewed: ReviewedPlan,
  current: { digest: string; record: Record<string, string> },
  source: string,
): ApplyCheck {
  const ok = reviewed.digest === current.digest;
  const base = { ok, reviewedDigest: reviewed.digest, currentDigest: current.digest, source };
  if (ok || !reviewed.record) return base;
  const difference = compareDigests(reviewed.record, current.record);
  // Equal records with different digests: the record left something out (it was cut); say nothing false.
  return digestsMatch(difference) ? base : { ...base, difference };
}

const LISTED = 50;

function listed(title: string, addresses: readonly string[]): string {
  if (addresses.length === 0) return '';
  const shown = addresses.slice(0, LISTED).map((a) => code(a));
  const more = addresses.length > LISTED ? [`… and ${addresses.length - LISTED} more`] : [];
  return `**${title} (${addresses.length})**\n\n${bullets([...shown, ...more])}`;
}

/** The one-line error of a refused apply, naming the differing addresses (the first few). */
export function applyCheckError(check: ApplyCheck): string {
  const head = `the plan differs from the reviewed plan (${check.source}: ${check.reviewedDigest.slice(0, 12)}…, now ${check.currentDigest.slice(0, 12)}…)`;
  const d = check.difference;
  if (!d) return `${head}; re-run the plan on the pull request and review it again`;
  const all = [...d.changed, ...d.added, ...d.removed];
  const names = all.slice(0, 10).join(', ') + (all.length > 10 ? `, and ${all.length - 10} more` : '');
  return `${head}: ${names}; re-run the plan on the pull request and review it again`;
}

/** The job summary part of `apply-check`. */
export function renderApplyCheck(header: PlanHeader, check: ApplyCheck, planFile?: string): string {
  const title = renderHeader({ ...header, title: 'Terraform apply check' });
  if (check.ok) {
    const where = planFile ? ` The planfile for apply is ${code(planFile)} (output \`plan-file\`).` : '';
    return `${title}\n\n${statusIcon('pass')} **The plan matches the reviewed plan** (${check.source}, digest ${code(check.currentDigest)}).${where}`;
  }
  const d = check.difference;
  const parts = [
    title,
    `${statusIcon('fail')} **Refused: the plan differs from the reviewed plan** (${check.source}).`,
    `Reviewed digest ${code(check.reviewedDigest)}, current digest ${code(check.currentDigest)}.`,
    d ? heading(3, 'Resources that differ') : '_The reviewed comment carried no per-resource record._',
    d ? listed('Changed since review', d.changed) : '',
    d ? listed('Planned now, not in the reviewed plan', d.added) : '',
    d ? listed('In the reviewed plan, not planned now', d.removed) : '',
  ];
  return parts.filter(Boolean).join('\n\n');
}
