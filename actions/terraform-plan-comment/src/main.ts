import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { defineAction, runAction } from '@shipyard/runtime';
import {
  commandFailureLine,
  planInstance,
  renderCommandFailure,
  sensitiveStrings,
} from '@shipyard/terraform';
import { ACTION } from './github';
import { inputs } from './inputs';
import { OUTPUTS, applyCheckMode, commentOn, driftMode, planMode } from './modes';
import { producePlan, resolveWorkingDirectory } from './terraform';

/** Posts a plan to its PR, renders it to the job summary, gates applies on it and tracks drift. */
export const terraformPlanComment = defineAction({
  name: ACTION,
  inputs,
  outputs: OUTPUTS,
  secretInputs: ['github-token', 'digest-key'],
  async run(ctx) {
    const { inputs: i, env } = ctx;
    const dir = resolveWorkingDirectory(env.workspace, i['working-directory']);
    const workspace = i.workspace ?? ctx.processEnv.TF_WORKSPACE ?? 'default';
    const header = {
      workingDirectory: i['working-directory'],
      workspace,
      ...(i.label ? { label: i.label } : {}),
    };
    const target = {
      header,
      instance: planInstance(i['working-directory'], workspace, i.label),
      edge: { env, token: i['github-token'], log: ctx.log },
    };
    const run = await producePlan(
      i,
      dir,
      mkdtempSync(join(env.runnerTemp, 'terraform-plan-')),
      ctx.processEnv,
    );
    if (!run.ok) {
      const report = renderCommandFailure(header, run.failure);
      ctx.writeSummary(report);
      if (i.mode === 'plan' && i.comment) await commentOn(ctx, target, report);
      return ctx.fail(commandFailureLine(run.failure, i.binary));
    }
    // Before anything from the plan reaches the log.
    for (const secret of sensitiveStrings(run.plan)) ctx.mask(secret);
    if (run.log) await ctx.log.group(`${i.binary} init and plan`, async () => ctx.log.info(run.log));
    if (i.mode === 'apply-check') return applyCheckMode(ctx, target, run);
    if (i.mode === 'drift') return driftMode(ctx, target, run);
    return planMode(ctx, target, run);
  },
});

/** The entry point (@github/local-action calls `run()`). */
export const run = () => runAction(terraformPlanComment);
