import {
  checkSmokeUrls,
  decideStuckRecovery,
  describeTestFailures,
  diagnoseWorkload,
  explainTestFailures,
  failedResources,
  HelmError,
  parseTestSuites,
  verifyWorkloads,
  workloadsOfManifest,
  type FailedResource,
  type HelmTestReport,
  type SmokeResult,
  type SmokeTarget,
  type VerifyResult,
  type WorkloadDiagnosis,
} from '@shipyard/kube';
import { ConfigurationError, type Logger } from '@shipyard/runtime';
import type { Inputs } from './inputs';
import type { Clients } from './setup';

/** Everything a deploy produced, for outputs and the summary. */
export interface DeployOutcome {
  /** `deployed` (verified), `failed`, or `refused` (stuck or in progress; nothing was deployed). */
  status: 'deployed' | 'failed' | 'refused';
  previousRevision?: number;
  revision?: number;
  /** Why it is not `deployed`, one paragraph. */
  error?: string;
  recovery: string[];
  verify?: VerifyResult;
  diagnoses: WorkloadDiagnosis[];
  failed: FailedResource[];
  smoke: SmokeResult[];
  helmTest?: HelmTestReport;
}

/**
 * Helm errors a user fixes (chart, cluster access) become configuration errors: one clear line, no report. A
 * chart that cannot be found names the inputs that chose it.
 */
function userError(error: unknown, chart?: { chart: string; version?: string }): never {
  if (error instanceof HelmError && error.kind === 'cluster-unreachable')
    throw new ConfigurationError(`the cluster is unreachable with the given kubeconfig: ${error.message}`);
  if (error instanceof HelmError && error.kind === 'chart-not-found')
    throw new ConfigurationError(
      chart
        ? `input 'chart' is ${JSON.stringify(chart.chart)}${chart.version ? ` with 'version' ${JSON.stringify(chart.version)}` : ''}: helm cannot find it (a repo/name needs helm repo add in an earlier step; an oci:// chart may need helm registry login). ${error.message}`
        : error.message,
    );
  throw error;
}

/**
 * Pre-flight (status, history, stuck recovery) → upgrade --install → verify every workload of the new
 * manifest → diagnose what is not ready → smoke URLs → helm test. `upgraded` hears the new revision before
 * verification starts (the GitHub deployment records it).
 */
export async function deploy(
  inputs: Inputs,
  clients: Clients,
  smokeTargets: readonly SmokeTarget[],
  log: Logger,
  upgraded: (revision: number | undefined) => Promise<void>,
): Promise<DeployOutcome> {
  const { helm, kubectl } = clients;
  const release = inputs.release;
  const timeoutMs = inputs.timeout;
  const outcome: DeployOutcome = { status: 'failed', recovery: [], diagnoses: [], failed: [], smoke: [] };
  const status = await helm.status(release).catch(userError);
  let history = await helm.history(release).catch(userError);
  const decision = decideStuckRecovery({
    release,
    namespace: inputs.namespace,
    status,
    history,
    now: Date.now(),
    inProgressWindowMs: timeoutMs,
    recover: inputs['recover-stuck'],
  });
  if (decision.action === 'refuse-in-progress' || decision.action === 'refuse-stuck') {
    return { ...outcome, status: 'refused', previousRevision: decision.revision, error: decision.message };
  }
  if (decision.action === 'rollback') {
    log.info(`recovering: helm rollback ${release} ${decision.toRevision}`);
    await helm.rollback(release, decision.toRevision, { timeoutMs });
    outcome.recovery.push(decision.message);
  } else if (decision.action === 'uninstall') {
    log.info(`recovering: helm uninstall ${release}`);
    await helm.uninstall(release, { timeoutMs, wait: true });
    outcome.recovery.push(decision.message);
  }
  if (decision.action !== 'none') history = await helm.history(release);
  outcome.previousRevision = history.at(-1)?.revision;

  try {
    await helm.upgradeInstall({
      release,
      chart: inputs.chart,
      version: inputs.version,
      createNamespace: inputs['create-namespace'],
      valuesFiles: inputs.values,
      set: inputs.set,
      setString: inputs['set-string'],
      timeoutMs,
    });
  } catch (error) {
    if (
      error instanceof HelmError &&
      (error.kind === 'chart-not-found' || error.kind === 'cluster-unreachable')
    )
      userError(error, inputs);
    outcome.revision = (await helm.history(release).catch(() => [])).at(-1)?.revision;
    if (outcome.revision === outcome.previousRevision) outcome.revision = undefined;
    const inProgress = error instanceof HelmError && error.kind === 'operation-in-progress';
    return {
      ...outcome,
      status: inProgress ? 'refused' : 'failed',
      error: inProgress
        ? `Another helm operation on ${release} started meanwhile; not racing it. ${error.message}`
        : error instanceof Error
          ? error.message
          : String(error),
    };
  }
  outcome.revision = (await helm.history(release)).at(-1)?.revision;
  log.info(
    `helm upgrade --install: revision ${outcome.previousRevision ?? 'none'} → ${outcome.revision ?? '?'}`,
  );
  await upgraded(outcome.revision);

  const workloads = workloadsOfManifest(await helm.getManifest(release), inputs.namespace);
  log.info(`verifying ${workloads.length} workloads within ${timeoutMs / 1000} s`);
  const verify = await verifyWorkloads({
    kubectl,
    workloads,
    timeoutMs,
    pollMs: 1_000,
    onProgress: log.info,
  });
  outcome.verify = verify;
  for (const result of verify.results.filter((r) => r.state !== 'ready'))
    outcome.diagnoses.push(await diagnoseWorkload(kubectl, result.ref, result.object));
  outcome.failed = failedResources(verify, outcome.diagnoses);
  if (!verify.ok) {
    const names = outcome.failed.map((f) => `${f.kind}/${f.name} (${[...f.podReasons, f.state].join(', ')})`);
    return { ...outcome, error: `${names.length} workload(s) not ready: ${names.join('; ')}` };
  }

  if (smokeTargets.length > 0) {
    outcome.smoke = await checkSmokeUrls(smokeTargets, {
      fetch: globalThis.fetch,
      timeoutMs: Math.min(timeoutMs, 60_000),
    });
    const bad = outcome.smoke.filter((s) => !s.ok);
    if (bad.length > 0)
      return {
        ...outcome,
        error: `smoke check failed: ${bad.map((s) => `${s.method} ${s.url} → ${s.status ?? s.error ?? 'no answer'} (expected ${s.expectedStatus})`).join('; ')}`,
      };
  }
  if (inputs['helm-test']) {
    const { passed, output } = await helm.test(release, { timeoutMs });
    const suites = parseTestSuites(output);
    const failures = passed ? [] : await explainTestFailures(kubectl, suites, inputs.namespace);
    outcome.helmTest = { passed, output, suites, failures };
    if (!passed) return { ...outcome, error: describeTestFailures(outcome.helmTest) };
  }
  return { ...outcome, status: 'deployed' };
}
