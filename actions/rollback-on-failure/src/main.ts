import {
  decideDeploymentUndo,
  decideHelmRollback,
  cleanUpClusterAccess,
  renderDiagnostics,
  renderRollback,
  renderVerification,
} from '@shipyard/kube';
import { fitSections, measureBytes, SUMMARY_BUDGET_BYTES, type Section } from '@shipyard/markdown';
import { ConfigurationError, defineAction, runAction } from '@shipyard/runtime';
import { recordRollback } from './github-deployment';
import { inputs, type Inputs } from './inputs';
import { rollBackRelease, undoDeployment, type RollbackOutcome } from './restore';
import { setUp } from './setup';

/** The release or Deployment named by the strategy's input; a missing one is a configuration error. */
function targetName(i: Inputs): string {
  const [field, name] = i.strategy === 'helm' ? ['release', i.release] : ['deployment', i.deployment];
  if (!name)
    throw new ConfigurationError(
      `input '${field}' is (empty): strategy ${i.strategy} needs the ${i.strategy === 'helm' ? 'helm release' : 'Deployment'} to roll back`,
    );
  return name;
}

/** "The deploy never happened": decided without touching the cluster (its credentials may be what failed). */
function nothingDeployed(i: Inputs, name: string): RollbackOutcome {
  const where = { namespace: i.namespace, deployedRevision: undefined };
  const d =
    i.strategy === 'helm'
      ? decideHelmRollback({ ...where, release: name, history: [] })
      : decideDeploymentUndo({
          ...where,
          name,
          exists: false,
          currentRevision: undefined,
          replicaSetRevisions: [],
        });
  return { reason: d.action === 'none' ? d.reason : 'nothing-deployed', message: d.message, diagnoses: [] };
}

/** After a failed deploy: restore the last good revision if what is live is still this run's, verify it, fail. */
export const rollbackOnFailure = defineAction({
  name: 'rollback-on-failure',
  inputs,
  outputs: ['rolled-back', 'restored-revision', 'reason'],
  secretInputs: ['kubeconfig', 'github-token'],
  async run(ctx) {
    const started = Date.now();
    const { inputs: i, env, log } = ctx;
    const name = targetName(i);
    let outcome: RollbackOutcome;
    if (i['deployed-revision'] === undefined) outcome = nothingDeployed(i, name);
    else {
      const clients = await setUp(ctx);
      outcome =
        i.strategy === 'helm'
          ? await rollBackRelease(i, name, clients, log)
          : await undoDeployment(i, name, clients, log);
    }
    const rolledBack = outcome.reason === 'rolled-back';
    ctx.setOutput('rolled-back', rolledBack);
    ctx.setOutput('restored-revision', rolledBack ? (outcome.to ?? '') : '');
    ctx.setOutput('reason', outcome.reason);
    const failsJob = outcome.reason === 'rollback-failed' || (rolledBack && i['fail-job']);
    const sections: (Section | undefined)[] = [
      renderRollback({
        target: `${i.strategy === 'helm' ? 'helm release' : 'Deployment'} ${name}`,
        namespace: i.namespace,
        reason: outcome.reason,
        from: outcome.from,
        failed: outcome.failed,
        to: outcome.to,
        newRevision: outcome.newRevision,
        durationMs: Date.now() - started,
        message: outcome.message,
        failsJob,
      }),
      outcome.verify ? renderVerification(outcome.verify) : undefined,
      renderDiagnostics(outcome.diagnoses),
    ];
    const present = sections.filter((s): s is Section => s !== undefined);
    ctx.writeSummary(fitSections(present, { limit: SUMMARY_BUDGET_BYTES, measure: measureBytes }).text);
    if (outcome.from !== undefined)
      await recordRollback({
        env,
        token: i['github-token'],
        environment: i.environment,
        environmentUrl: i['environment-url'],
        restored: rolledBack,
        failure: rolledBack
          ? `revision ${outcome.from} failed; rolled back to ${outcome.to ?? '?'}`
          : `revision ${outcome.from} failed; the rollback failed too`,
        success: `revision ${outcome.to ?? '?'} restored by rollback (now revision ${outcome.newRevision ?? '?'})`,
        payload: {
          rollback: { target: name, from: outcome.from, to: outcome.to, revision: outcome.newRevision },
        },
        deployed:
          i.strategy === 'helm'
            ? { release: name, namespace: i.namespace, revision: outcome.from }
            : undefined,
        warn: log.warning,
        info: log.info,
      });
    if (outcome.reason === 'rollback-failed') ctx.fail(`${name}: ${outcome.message}`);
    else if (rolledBack && i['fail-job'])
      ctx.fail(
        `${name}: the deploy of revision ${outcome.from ?? '?'} failed and was rolled back to revision ${outcome.to ?? '?'} (fail-job: true keeps the job red)`,
      );
    else if (rolledBack) log.warning(`${name}: ${outcome.message} (fail-job is false)`);
    else log.notice(`${name}: ${outcome.message}`);
  },
  post({ getState, env, log }) {
    cleanUpClusterAccess({ getState, runnerTemp: env.runnerTemp, info: log.info, warning: log.warning });
    return Promise.resolve();
  },
});

/** The entry point (@github/local-action calls `run()`). */
export const run = () => runAction(rollbackOnFailure);
