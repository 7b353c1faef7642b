import type { WorkloadKind } from './manifest';
import { conditionOf, num, text, type KubeObject } from './objects';

/**
 * Whether a workload's rollout is done, still going, or has definitively failed — read from the object alone,
 * with the same rules as `kubectl rollout status` (observedGeneration first, then replica counts), plus the
 * definitive failures kubectl only hints at (ProgressDeadlineExceeded, a failed Job, a paused rollout).
 */

/** `ready`: done. `progressing`: keep waiting. `failed`: will not get better by waiting. */
export type RolloutState = 'ready' | 'progressing' | 'failed';

/** The rollout of one workload at one moment. */
export interface RolloutStatus {
  state: RolloutState;
  /** One sentence for humans: why it is not ready yet, or why it failed. */
  reason: string;
  /** Ready (or, for Jobs, succeeded) pods, and how many are wanted. */
  ready: number;
  desired: number;
}

function generationPending(o: KubeObject): string | undefined {
  const generation = num(o.metadata?.generation, 0);
  const observed = num(o.status?.observedGeneration, 0);
  return generation > observed
    ? `waiting for the controller to observe generation ${generation} (observed ${observed})`
    : undefined;
}

function deploymentStatus(o: KubeObject): RolloutStatus {
  const desired = num(o.spec?.replicas, 1);
  const ready = num(o.status?.readyReplicas);
  const at = (state: RolloutState, reason: string): RolloutStatus => ({ state, reason, ready, desired });
  if (o.spec?.paused === true)
    return at('failed', 'the rollout is paused (spec.paused: true); resume it with kubectl rollout resume');
  const pending = generationPending(o);
  if (pending) return at('progressing', pending);
  const progressing = conditionOf(o, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return at('failed', `ProgressDeadlineExceeded: ${progressing.message ?? 'the rollout made no progress'}`);
  const updated = num(o.status?.updatedReplicas);
  const total = num(o.status?.replicas);
  const available = num(o.status?.availableReplicas);
  if (updated < desired) return at('progressing', `${updated} of ${desired} replicas updated`);
  if (total > updated) {
    // readyReplicas counts old pods too; what matters to a reader is how many of the NEW revision are ready.
    const old = total - updated;
    const updatedReady = Math.max(0, ready - old);
    return {
      state: 'progressing',
      reason: `${updatedReady} of ${updated} updated replicas ready; ${old} old replicas still serving, pending termination`,
      ready: updatedReady,
      desired,
    };
  }
  if (available < updated) return at('progressing', `${available} of ${updated} updated replicas available`);
  return at('ready', `${available} of ${desired} replicas available`);
}

function statefulSetStatus(o: KubeObject): RolloutStatus {
  const desired = num(o.spec?.replicas, 1);
  const ready = num(o.status?.readyReplicas);
  const at = (state: RolloutState, reason: string): RolloutStatus => ({ state, reason, ready, desired });
  const pending = generationPending(o);
  if (pending) return at('progressing', pending);
  if (ready < desired) return at('progressing', `${ready} of ${desired} pods ready`);
  const strategy = (o.spec?.updateStrategy ?? {}) as {
    type?: string;
    rollingUpdate?: { partition?: number };
  };
  // OnDelete sets never roll by themselves: readiness is all that can be verified.
  if (strategy.type === 'OnDelete')
    return at('ready', `${ready} of ${desired} pods ready (OnDelete updates)`);
  const partition = num(strategy.rollingUpdate?.partition);
  const updated = num(o.status?.updatedReplicas);
  if (partition > 0) {
    const want = Math.max(0, desired - partition);
    return updated < want
      ? at('progressing', `${updated} of ${want} pods updated (partition ${partition})`)
      : at('ready', `${updated} pods updated above partition ${partition}, ${ready} ready`);
  }
  const current = text(o.status?.currentRevision);
  const target = text(o.status?.updateRevision);
  if (target && current !== target)
    return at('progressing', `${updated} of ${desired} pods at revision ${target}`);
  return at('ready', `${ready} of ${desired} pods ready`);
}

function daemonSetStatus(o: KubeObject): RolloutStatus {
  const desired = num(o.status?.desiredNumberScheduled);
  const ready = num(o.status?.numberReady);
  const at = (state: RolloutState, reason: string): RolloutStatus => ({ state, reason, ready, desired });
  const pending = generationPending(o);
  if (pending) return at('progressing', pending);
  const updated = num(o.status?.updatedNumberScheduled);
  const available = num(o.status?.numberAvailable);
  if (updated < desired) return at('progressing', `${updated} of ${desired} pods updated`);
  if (available < desired) return at('progressing', `${available} of ${desired} pods available`);
  return at('ready', `${available} of ${desired} pods available`);
}

function jobStatus(o: KubeObject): RolloutStatus {
  const desired = num(o.spec?.completions, 1);
  const ready = num(o.status?.succeeded);
  const at = (state: RolloutState, reason: string): RolloutStatus => ({ state, reason, ready, desired });
  const failed = conditionOf(o, 'Failed');
  if (failed?.status === 'True')
    return at('failed', `${failed.reason ?? 'Failed'}: ${failed.message ?? 'the Job failed'}`);
  const complete = conditionOf(o, 'Complete');
  if (complete?.status === 'True') return at('ready', `completed (${ready} succeeded)`);
  const active = num(o.status?.active);
  const failures = num(o.status?.failed);
  return at(
    'progressing',
    `${active} active, ${ready} of ${desired} succeeded${failures ? `, ${failures} failed` : ''}`,
  );
}

/** The rollout status of a workload object of a verifiable kind. */
export function rolloutStatus(kind: WorkloadKind, object: KubeObject): RolloutStatus {
  switch (kind) {
    case 'Deployment':
      return deploymentStatus(object);
    case 'StatefulSet':
      return statefulSetStatus(object);
    case 'DaemonSet':
      return daemonSetStatus(object);
    case 'Job':
      return jobStatus(object);
  }
}

/**
 * The label selector of a workload as a kubectl `--selector` string (matchLabels and the set-based
 * matchExpressions), or undefined when it has none.
 */
export function selectorOf(object: KubeObject): string | undefined {
  const selector = (object.spec?.selector ?? {}) as {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length > 0 ? parts.join(',') : undefined;
}
