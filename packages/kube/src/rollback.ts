import type { HelmHistoryEntry } from './helm-release';

/**
 * Rollback decisions after a failed deploy, pure so every rule is unit-tested. The one safety rule: act only
 * when what is live is exactly what this run deployed. A newer revision means another run deployed meanwhile —
 * rolling it back would undo someone else's work (what `kubectl rollout undo` does blindly).
 */

/** Why a rollback did (or did not) happen: the `reason` output. */
export type RollbackReason =
  | 'rolled-back'
  | 'nothing-deployed'
  | 'not-found'
  | 'changed-by-another-deploy'
  | 'no-earlier-revision'
  | 'rollback-failed';

/** What to do. `invalid-target` is a bad `to-revision` input, reported as a configuration error. */
export type RollbackDecision =
  | { action: 'none'; reason: Exclude<RollbackReason, 'rolled-back' | 'rollback-failed'>; message: string }
  | { action: 'invalid-target'; message: string }
  | {
      action: 'rollback';
      /** The revision being rolled back (this run's). */
      from: number;
      /** The revision whose content is restored. */
      to: number;
      /** The status and description of `from`, to say what failed. */
      failed: { status: string; description: string };
      message: string;
    };

/** Inputs of {@link decideHelmRollback}. */
export interface HelmRollbackInput {
  release: string;
  namespace: string;
  /** The revision this run deployed (helm-deploy-verify's `revision` output); undefined when none. */
  deployedRevision: number | undefined;
  /** An explicit target; undefined means the last good revision. */
  toRevision?: number;
  history: readonly HelmHistoryEntry[];
}

/** Statuses of a revision that was deployed successfully at some point (`superseded` once a newer one came). */
const ONCE_DEPLOYED = new Set(['deployed', 'superseded']);

/**
 * The last good revision before `before`: the newest older revision whose status is `deployed` or
 * `superseded`. After a failed upgrade helm marks the earlier good revision `superseded`, so "the last one
 * with status deployed" would find nothing; `failed`, `pending-*` and `uninstalled` revisions never count.
 */
export function lastGoodRevision(
  history: readonly HelmHistoryEntry[],
  before: number,
): HelmHistoryEntry | undefined {
  return [...history]
    .filter((h) => h.revision < before && ONCE_DEPLOYED.has(h.status))
    .sort((a, b) => b.revision - a.revision)[0];
}

/** Decides a helm rollback from the release history (oldest first or any order). */
export function decideHelmRollback(input: HelmRollbackInput): RollbackDecision {
  const where = `release ${input.release} in namespace ${input.namespace}`;
  const deployed = input.deployedRevision;
  if (deployed === undefined)
    return {
      action: 'none',
      reason: 'nothing-deployed',
      message: `No revision was deployed by this run (deployed-revision is empty): nothing to roll back on ${where}.`,
    };
  const current = [...input.history].sort((a, b) => b.revision - a.revision)[0];
  if (!current)
    return { action: 'none', reason: 'not-found', message: `${where} does not exist: nothing to roll back.` };
  if (current.revision !== deployed)
    return {
      action: 'none',
      reason: 'changed-by-another-deploy',
      message:
        `The current revision of ${where} is ${current.revision} (${current.status}), not revision ${deployed} that this run deployed: ` +
        `another deploy changed it meanwhile, so it is left alone.`,
    };
  const failed = { status: current.status, description: current.description };
  if (input.toRevision !== undefined) {
    const target = input.history.find((h) => h.revision === input.toRevision);
    if (input.toRevision >= deployed || !target)
      return {
        action: 'invalid-target',
        message:
          `input 'to-revision' is "${input.toRevision}": ` +
          (input.toRevision >= deployed
            ? `it must be older than deployed-revision ${deployed}`
            : `${where} has no revision ${input.toRevision} in its history (revisions: ${input.history.map((h) => h.revision).join(', ')})`),
      };
    return {
      action: 'rollback',
      from: deployed,
      to: target.revision,
      failed,
      message: `Rolling back ${where} from revision ${deployed} to revision ${target.revision} (to-revision).`,
    };
  }
  const good = lastGoodRevision(input.history, deployed);
  if (!good)
    return {
      action: 'none',
      reason: 'no-earlier-revision',
      message: `${where} has no revision before ${deployed} that was ever deployed successfully: there is nothing to roll back to (a failed first install stays as it is; remove it with helm uninstall).`,
    };
  return {
    action: 'rollback',
    from: deployed,
    to: good.revision,
    failed,
    message: `Rolling back ${where} from revision ${deployed} to revision ${good.revision}, the last one deployed successfully.`,
  };
}

/** Inputs of {@link decideDeploymentUndo}. */
export interface DeploymentUndoInput {
  name: string;
  namespace: string;
  /** The Deployment revision (`deployment.kubernetes.io/revision`) this run's rollout produced. */
  deployedRevision: number | undefined;
  /** The Deployment's current revision annotation; undefined when the Deployment does not exist. */
  currentRevision: number | undefined;
  exists: boolean;
  /** Revisions of the Deployment's ReplicaSets. */
  replicaSetRevisions: readonly number[];
  toRevision?: number;
}

/**
 * Decides `kubectl rollout undo` of a plain Deployment. Its revisions live on its ReplicaSets; the target is the
 * newest ReplicaSet revision older than the deployed one (what `rollout undo` picks), named explicitly with
 * `--to-revision` so a rollout that lands between this decision and the undo cannot change what is restored.
 */
export function decideDeploymentUndo(input: DeploymentUndoInput): RollbackDecision {
  const where = `Deployment ${input.name} in namespace ${input.namespace}`;
  const deployed = input.deployedRevision;
  if (deployed === undefined)
    return {
      action: 'none',
      reason: 'nothing-deployed',
      message: `No Deployment revision was rolled out by this run (deployed-revision is empty): nothing to undo on ${where}.`,
    };
  if (!input.exists)
    return { action: 'none', reason: 'not-found', message: `${where} does not exist: nothing to undo.` };
  if (input.currentRevision !== deployed)
    return {
      action: 'none',
      reason: 'changed-by-another-deploy',
      message:
        `The current revision of ${where} is ${input.currentRevision ?? 'unknown'}, not revision ${deployed} that this run rolled out: ` +
        `another rollout changed it meanwhile, so it is left alone.`,
    };
  const failed = { status: 'rolled out', description: `Deployment revision ${deployed}` };
  const older = [...new Set(input.replicaSetRevisions)].filter((r) => r < deployed).sort((a, b) => b - a);
  if (input.toRevision !== undefined) {
    if (!older.includes(input.toRevision))
      return {
        action: 'invalid-target',
        message: `input 'to-revision' is "${input.toRevision}": ${where} has no older ReplicaSet with that revision (older revisions: ${older.join(', ') || 'none'})`,
      };
    return {
      action: 'rollback',
      from: deployed,
      to: input.toRevision,
      failed,
      message: `Undoing ${where}: revision ${deployed} → ${input.toRevision} (to-revision).`,
    };
  }
  const target = older[0];
  if (target === undefined)
    return {
      action: 'none',
      reason: 'no-earlier-revision',
      message: `${where} has no ReplicaSet older than revision ${deployed}: there is nothing to undo to.`,
    };
  return {
    action: 'rollback',
    from: deployed,
    to: target,
    failed,
    message: `Undoing ${where}: revision ${deployed} → ${target}, the previous one.`,
  };
}
