import { link } from '@shipyard/markdown';
import { runUrl } from '@shipyard/runtime';
import type { ActionContext } from '@shipyard/runtime';
import {
  applyCheckError,
  checkReviewedPlan,
  hasDrift,
  planArtifactName,
  renderApplyCheck,
  renderDriftIssue,
  renderReviewableReports,
  summarizePlan,
} from '@shipyard/terraform';
import type { PlanHeader } from '@shipyard/terraform';
import { publishTextPlan } from './artifact';
import {
  ACTION,
  driftMarkerReserve,
  publishPlanComment,
  reviewedFromPullRequest,
  syncDriftIssue,
} from './github';
import type { Inputs } from './inputs';
import type { PlannedRun } from './terraform';

/** What the three modes do with a plan: comment on it, check it against the reviewed one, track drift. */

/** The action's outputs. */
export const OUTPUTS = [
  'has-changes',
  'add',
  'change',
  'replace',
  'destroy',
  'plan-file',
  'plan-json',
  'digest',
  'comment-url',
] as const;
export type Ctx = ActionContext<Inputs, (typeof OUTPUTS)[number]>;

/** Where one report belongs: its header, its comment/issue identity and the GitHub edge. */
export interface Target {
  header: PlanHeader;
  instance: string;
  edge: { env: Ctx['env']; token: string | undefined; log: Ctx['log'] };
}

/** Digests, counts and file outputs every mode sets; the reports' shared parts. */
async function common(ctx: Ctx, target: Target, run: PlannedRun, reserve: number) {
  const { inputs: i, env } = ctx;
  const key = i['digest-key'] ? { sensitiveKey: i['digest-key'] } : {};
  const runLink = runUrl(env);
  const reports = renderReviewableReports(run.plan, {
    header: target.header,
    reserve,
    fullReportHint: `the full plan is in the ${runLink ? link('job summary', runLink) : 'job summary'}`,
    ...key,
  });
  const { digest, record } = reports;
  const { counts, hasChanges } = summarizePlan(run.plan);
  ctx.setOutput('has-changes', hasChanges);
  ctx.setOutput('add', counts.create);
  ctx.setOutput('change', counts.update);
  ctx.setOutput('replace', counts.replace);
  ctx.setOutput('destroy', counts.delete);
  ctx.setOutput('plan-json', run.jsonPath);
  ctx.setOutput('digest', digest);
  if (!reports.recordEmbedded)
    ctx.log.info(
      'The per-resource digest record was left out of the comment to keep room for the address lists.',
    );
  const textNote = await publishTextPlan(
    env,
    ctx.processEnv,
    ctx.log,
    run.textPath,
    planArtifactName(target.instance, env.runAttempt),
  );
  const summary = [reports.summary.text, textNote, `Plan digest: \`${digest}\``].filter(Boolean).join('\n\n');
  return { digest, record, hasChanges, comment: reports.comment, summary };
}

/** Posts the sticky comment and sets `comment-url`. */
export async function commentOn(ctx: Ctx, target: Target, body: string): Promise<void> {
  const url = await publishPlanComment(target.edge, target.instance, body);
  if (url) ctx.setOutput('comment-url', url);
}

/** `plan`: summary and PR comment with the embedded digests. */
export async function planMode(ctx: Ctx, target: Target, run: PlannedRun): Promise<void> {
  const marker = `<!-- shipyard:${ACTION}:${target.instance} -->`.length + 1;
  const r = await common(ctx, target, run, marker);
  if (run.planFile) ctx.setOutput('plan-file', run.planFile);
  ctx.writeSummary(r.summary);
  if (ctx.inputs.comment) await commentOn(ctx, target, r.comment);
}

/** `apply-check`: the planfile is handed on only when it matches the reviewed plan. */
export async function applyCheckMode(ctx: Ctx, target: Target, run: PlannedRun): Promise<void> {
  const r = await common(ctx, target, run, 0);
  const given = ctx.inputs['reviewed-digest'];
  // The PR comment is read for the reviewed digest, or for the record that names differences from a given one.
  const fromPr = given === r.digest ? undefined : await reviewedFromPullRequest(target.edge, target.instance);
  const reviewed = given
    ? {
        reviewed: {
          digest: given,
          ...(fromPr?.reviewed.digest === given && fromPr.reviewed.record
            ? { record: fromPr.reviewed.record }
            : {}),
        },
        source: 'input reviewed-digest',
      }
    : fromPr;
  if (!reviewed) {
    ctx.writeSummary(r.summary);
    return ctx.fail(
      'no reviewed plan to check against: set reviewed-digest (the digest output of the plan run), or run on a push of a commit whose pull request has the plan comment of this working directory, workspace and label',
    );
  }
  const check = checkReviewedPlan(reviewed.reviewed, r, reviewed.source);
  if (check.ok && run.planFile) ctx.setOutput('plan-file', run.planFile);
  ctx.writeSummary(
    `${renderApplyCheck(target.header, check, check.ok ? run.planFile : undefined)}\n\n${r.summary}`,
  );
  if (!check.ok) return ctx.fail(applyCheckError(check));
  ctx.log.info(
    `The plan matches the reviewed plan (${check.source}); planfile for apply: ${run.planFile ?? '(none)'}`,
  );
}

/** `drift`: one issue per instance, opened or updated while there are changes, closed when there are none. */
export async function driftMode(ctx: Ctx, target: Target, run: PlannedRun): Promise<void> {
  const r = await common(ctx, target, run, 0);
  if (run.planFile) ctx.setOutput('plan-file', run.planFile);
  ctx.writeSummary(r.summary);
  const runLink = runUrl(ctx.env);
  const { header, instance } = target;
  const issue = hasDrift(run.plan)
    ? {
        title: `Terraform drift in ${header.workingDirectory} (workspace ${header.workspace}${header.label ? `, ${header.label}` : ''})`,
        body: renderDriftIssue(run.plan, {
          header,
          ...(runLink ? { runUrl: runLink } : {}),
          detectedAt: new Date().toISOString(),
          reserve: driftMarkerReserve(instance),
        }).text,
      }
    : undefined;
  try {
    await syncDriftIssue(
      target.edge,
      instance,
      issue,
      `No drift any more: ${runLink ?? 'the latest scheduled plan'} found no changes.`,
    );
  } catch (error) {
    ctx.fail(
      `the drift issue could not be ${issue ? 'opened or updated' : 'closed'}: ${(error as Error).message}`,
    );
  }
}
