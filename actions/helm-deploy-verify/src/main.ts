// The URL-line parser alone: the k6 package index would pull a JavaScript parser (acorn) into this bundle.
import { parseSmokeUrls } from '@shipyard/k6/smoke-script';
import {
  cleanUpClusterAccess,
  renderDeploy,
  renderDiagnostics,
  renderHelmTest,
  renderNotes,
  renderSmoke,
  renderVerification,
} from '@shipyard/kube';
import { fitSections, measureBytes, SUMMARY_BUDGET_BYTES, type Section } from '@shipyard/markdown';
import { ConfigurationError, defineAction, errorMessage, runAction } from '@shipyard/runtime';
import { deploy, type DeployOutcome } from './deploy';
import { trackDeployment } from './github-deployment';
import { inputs } from './inputs';
import { checkFiles, setUp, STATE } from './setup';

function sections(o: DeployOutcome, head: Parameters<typeof renderDeploy>[0]): Section[] {
  const list: (Section | undefined)[] = [
    renderDeploy(head),
    renderNotes('Stuck release recovery', o.recovery),
    o.verify ? renderVerification(o.verify) : undefined,
    renderDiagnostics(o.diagnoses),
    renderSmoke(o.smoke),
    o.helmTest ? renderHelmTest(o.helmTest) : undefined,
  ];
  return list.filter((s): s is Section => s !== undefined);
}

/** helm upgrade --install, then verification of every workload, diagnostics, smoke URLs and helm test. */
export const helmDeployVerify = defineAction({
  name: 'helm-deploy-verify',
  inputs,
  outputs: ['revision', 'previous-revision', 'status', 'failed-resources', 'duration'],
  secretInputs: ['kubeconfig', 'github-token'],
  async run(ctx) {
    const started = Date.now();
    const { inputs: i, env, log } = ctx;
    let smoke: ReturnType<typeof parseSmokeUrls> = [];
    try {
      smoke = i['smoke-urls'] ? parseSmokeUrls(i['smoke-urls'], 'smoke-urls') : [];
    } catch (error) {
      throw new ConfigurationError(`input ${errorMessage(error)}`);
    }
    checkFiles(i, env.workspace);
    const clients = await setUp(ctx);
    ctx.saveState(STATE.release, i.release);
    ctx.saveState(STATE.namespace, i.namespace);
    const tracker = trackDeployment({
      env,
      token: i['github-token'],
      environment: i.environment,
      environmentUrl: i['environment-url'],
      release: i.release,
      namespace: i.namespace,
      description: `helm upgrade --install ${i.release}`,
      warn: log.warning,
    });
    let outcome: DeployOutcome;
    try {
      outcome = await deploy(i, clients, smoke, log, (revision) => tracker.begin(revision));
    } catch (error) {
      await tracker.finish(false, errorMessage(error).slice(0, 140), undefined);
      throw error;
    }
    const durationMs = Date.now() - started;
    ctx.setOutput('status', outcome.status);
    ctx.setOutput('previous-revision', outcome.previousRevision ?? '');
    ctx.setOutput('revision', outcome.revision ?? '');
    ctx.setOutput('failed-resources', outcome.failed);
    ctx.setOutput('duration', Math.round(durationMs / 1000));
    ctx.saveState(STATE.previousRevision, String(outcome.previousRevision ?? ''));
    ctx.saveState(STATE.revision, String(outcome.revision ?? ''));
    const ok = outcome.status === 'deployed';
    const head = {
      release: i.release,
      namespace: i.namespace,
      chart: i.chart,
      helmVersion: clients.helmVersion,
      status: outcome.status,
      ok,
      previousRevision: outcome.previousRevision,
      revision: outcome.revision,
      durationMs,
      error: outcome.error,
    };
    ctx.writeSummary(
      fitSections(sections(outcome, head), { limit: SUMMARY_BUDGET_BYTES, measure: measureBytes }).text,
    );
    await tracker.finish(
      ok,
      ok ? `revision ${outcome.revision ?? '?'} verified` : (outcome.error ?? outcome.status),
      outcome.revision,
    );
    for (const note of outcome.recovery) log.notice(note);
    if (!ok) ctx.fail(`${i.release}: ${outcome.error ?? outcome.status}`);
  },
  post({ getState, env, log }) {
    cleanUpClusterAccess({ getState, runnerTemp: env.runnerTemp, info: log.info, warning: log.warning });
    return Promise.resolve();
  },
});

/** The entry point (@github/local-action calls `run()`). */
export const run = () => runAction(helmDeployVerify);
