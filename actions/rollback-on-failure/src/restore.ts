import {
  decideDeploymentUndo,
  decideHelmRollback,
  diagnoseWorkload,
  failedResources,
  HelmError,
  ownedRevisions,
  revisionOf,
  verifyWorkloads,
  workloadsOfManifest,
  type RollbackDecision,
  type RollbackReason,
  type VerifyResult,
  type WorkloadDiagnosis,
  type WorkloadRef,
} from '@shipyard/kube';
import { ConfigurationError, errorMessage, type Logger } from '@shipyard/runtime';
import type { Inputs } from './inputs';
import type { Clients } from './setup';

/** Everything a rollback run produced, for outputs, the summary and the GitHub deployments. */
export interface RollbackOutcome {
  reason: RollbackReason;
  message: string;
  from?: number;
  to?: number;
  /** The revision number the rollback itself created (helm) or the Deployment now has (kubectl). */
  newRevision?: number;
  failed?: { status: string; description: string };
  verify?: VerifyResult;
  diagnoses: WorkloadDiagnosis[];
}

/** Helm errors a user fixes (cluster access) are configuration errors: one clear line. */
function userError(error: unknown): never {
  if (error instanceof HelmError && error.kind === 'cluster-unreachable')
    throw new ConfigurationError(`the cluster is unreachable with the given kubeconfig: ${error.message}`);
  throw error;
}

type Act = Extract<RollbackDecision, { action: 'rollback' }>;

/** Throws a bad `to-revision` as a configuration error; turns `none` into a no-op outcome. */
function settle(decision: RollbackDecision): Act | RollbackOutcome {
  if (decision.action === 'invalid-target') throw new ConfigurationError(decision.message);
  if (decision.action === 'none')
    return { reason: decision.reason, message: decision.message, diagnoses: [] };
  return decision;
}

/**
 * Verifies the restored workloads with the same checks as helm-deploy-verify and diagnoses what is not ready.
 * After a rollback that already failed, one poll (timeout 0) is enough to read the state for diagnostics.
 */
async function verifyRestored(
  clients: Clients,
  decision: Act,
  workloads: WorkloadRef[],
  rollbackError: string | undefined,
  timeoutMs: number,
  log: Logger,
): Promise<RollbackOutcome> {
  const { kubectl } = clients;
  log.info(`verifying ${workloads.length} restored workloads`);
  const verify = await verifyWorkloads({
    kubectl,
    workloads,
    timeoutMs,
    pollMs: 1_000,
    onProgress: log.info,
  });
  const diagnoses: WorkloadDiagnosis[] = [];
  for (const r of verify.results.filter((x) => x.state !== 'ready'))
    diagnoses.push(await diagnoseWorkload(kubectl, r.ref, r.object));
  const base = { from: decision.from, to: decision.to, failed: decision.failed, verify, diagnoses };
  if (!rollbackError && verify.ok)
    return {
      ...base,
      reason: 'rolled-back',
      message: `Revision ${decision.from} failed; revision ${decision.to} is restored and all ${workloads.length} of its workloads are ready.`,
    };
  const notReady = failedResources(verify, diagnoses).map(
    (f) => `${f.kind}/${f.name} (${[...f.podReasons, f.reason].join('; ')})`,
  );
  const why = [rollbackError, notReady.length ? `not ready: ${notReady.join('; ')}` : undefined].filter(
    Boolean,
  );
  return {
    ...base,
    reason: 'rollback-failed',
    message: `The rollback from revision ${decision.from} to revision ${decision.to} failed: ${why.join('; ')}`,
  };
}

/** helm: decide from the history, `helm rollback --wait` with this action's own timeout, then verify. */
export async function rollBackRelease(
  i: Inputs,
  release: string,
  clients: Clients,
  log: Logger,
): Promise<RollbackOutcome> {
  const helm = clients.helm;
  if (!helm) throw new Error('strategy helm without a helm client');
  const started = Date.now();
  const history = await helm.history(release).catch(userError);
  const act = settle(
    decideHelmRollback({
      release,
      namespace: i.namespace,
      deployedRevision: i['deployed-revision'],
      toRevision: i['to-revision'],
      history,
    }),
  );
  if (!('action' in act)) return act;
  log.info(act.message);
  let rollbackError: string | undefined;
  try {
    await helm.rollback(release, act.to, { timeoutMs: i.timeout, wait: true });
  } catch (error) {
    if (error instanceof HelmError && error.kind === 'cluster-unreachable') userError(error);
    rollbackError = errorMessage(error);
  }
  const latest = (await helm.history(release).catch(() => [])).at(-1)?.revision;
  const workloads = workloadsOfManifest(await helm.getManifest(release, act.to), i.namespace);
  const remaining = rollbackError ? 0 : Math.max(10_000, started + i.timeout - Date.now());
  const outcome = await verifyRestored(clients, act, workloads, rollbackError, remaining, log);
  return { ...outcome, newRevision: latest !== act.from ? latest : undefined };
}

/** kubectl: decide from the Deployment's revision and ReplicaSets, `kubectl rollout undo --to-revision`, verify. */
export async function undoDeployment(
  i: Inputs,
  name: string,
  clients: Clients,
  log: Logger,
): Promise<RollbackOutcome> {
  const { kubectl, undo } = clients;
  const ns = i.namespace;
  const deployment = await kubectl.get('deployment.apps', name, ns);
  const act = settle(
    decideDeploymentUndo({
      name,
      namespace: ns,
      deployedRevision: i['deployed-revision'],
      exists: deployment !== undefined,
      currentRevision: revisionOf(deployment),
      replicaSetRevisions: deployment
        ? ownedRevisions(deployment, await undo.replicaSets(deployment, ns))
        : [],
      toRevision: i['to-revision'],
    }),
  );
  if (!('action' in act)) return act;
  log.info(act.message);
  let rollbackError: string | undefined;
  try {
    log.info(await undo.undo(name, ns, act.to));
  } catch (error) {
    rollbackError = errorMessage(error);
  }
  const ref: WorkloadRef = { kind: 'Deployment', name, namespace: ns };
  const outcome = await verifyRestored(
    clients,
    act,
    [ref],
    rollbackError,
    rollbackError ? 0 : i.timeout,
    log,
  );
  const now = revisionOf(await kubectl.get('deployment.apps', name, ns).catch(() => undefined));
  return { ...outcome, newRevision: now !== act.from ? now : undefined };
}
