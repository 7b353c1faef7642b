/**
 * The Deployment and ReplicaSet controllers, simplified but shaped like the real ones: one ReplicaSet per pod
 * template (named `<deployment>-<pod-template-hash>`, revision annotation, controller ownerReference), the old
 * ReplicaSets scaled down only once the new one is fully ready (so a never-ready rollout keeps the old pods, as
 * with maxUnavailable rounding to 0), and the status fields and conditions `kubectl rollout status`, helm 3's
 * ready checker and helm 4's kstatus watcher read.
 */
import type { ObjectStore } from './store';
import type { JsonObject, KubeObject, StringMap } from './types';
import { clone } from './types';
import { recordEvent } from './events';
import type { Condition } from './workload-helpers';
import {
  controllerRef,
  createPod,
  isPodActive,
  isPodReady,
  omitZero,
  ownedBy,
  randomSuffix,
  scaledValue,
  templateHash,
  typeOf,
  withConditions,
  writeStatus,
} from './workload-helpers';

const REVISION = 'deployment.kubernetes.io/revision';
const RS = typeOf('ReplicaSet');
const DEPLOYMENT = typeOf('Deployment');

const revisionOf = (rs: KubeObject): number => Number(rs.metadata.annotations?.[REVISION] ?? 0);
const replicasOf = (obj: KubeObject): number => Number(obj.spec?.replicas ?? 1);

function scale(store: ObjectStore, deployment: KubeObject, rs: KubeObject, replicas: number): void {
  const from = replicasOf(rs);
  if (from === replicas) return;
  store.update(RS, { ...rs, spec: { ...rs.spec, replicas } });
  const verb = replicas > from ? 'up' : 'down';
  recordEvent(store, deployment, {
    type: 'Normal',
    reason: 'ScalingReplicaSet',
    message: `Scaled ${verb} replica set ${rs.metadata.name} from ${from} to ${replicas}`,
    component: 'deployment-controller',
  });
}

function newReplicaSet(
  store: ObjectStore,
  deployment: KubeObject,
  owned: KubeObject[],
  hash: string,
): KubeObject {
  const maxRevision = Math.max(0, ...owned.map(revisionOf));
  const existing = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
  if (existing) {
    // A rollback re-uses the old ReplicaSet and gives it the newest revision, as the real controller does.
    if (revisionOf(existing) === maxRevision) return existing;
    const annotations = { ...existing.metadata.annotations, [REVISION]: String(maxRevision + 1) };
    return store.update(RS, { ...existing, metadata: { ...existing.metadata, annotations } });
  }
  const spec = deployment.spec ?? {};
  const template = clone(spec.template ?? {}) as { metadata?: { labels?: StringMap } };
  template.metadata = {
    ...template.metadata,
    labels: { ...template.metadata?.labels, 'pod-template-hash': hash },
  };
  const selector = clone(spec.selector ?? {}) as { matchLabels?: StringMap };
  selector.matchLabels = { ...selector.matchLabels, 'pod-template-hash': hash };
  const rs = store.create(RS, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deployment.metadata.name}-${hash}`,
      namespace: deployment.metadata.namespace,
      labels: template.metadata.labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicasOf(deployment)),
        'deployment.kubernetes.io/max-replicas': String(replicasOf(deployment) + 1),
        [REVISION]: String(maxRevision + 1),
      },
      ownerReferences: [controllerRef(deployment)],
    },
    spec: { replicas: 0, minReadySeconds: spec.minReadySeconds ?? 0, selector, template },
  });
  return rs;
}

/**
 * Drives one Deployment one step towards its spec and writes its status. `rolloutStarts` remembers when each
 * (deployment, template hash) was first seen: the progress deadline counts from there.
 */
export function reconcileDeployment(
  store: ObjectStore,
  deployment: KubeObject,
  rolloutStarts: Map<string, number>,
): void {
  const hash = templateHash(deployment.spec?.template);
  const owned = ownedBy(store, RS, deployment);
  const fresh = !owned.some((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
  const current = newReplicaSet(store, deployment, owned, hash);
  const old = ownedBy(store, RS, deployment).filter((rs) => rs.metadata.uid !== current.metadata.uid);
  const desired = replicasOf(deployment);
  const strategy = (deployment.spec?.strategy ?? {}) as { type?: string; rollingUpdate?: JsonObject };

  const oldPods = old.reduce((n, rs) => n + Number(rs.status?.replicas ?? 0), 0);
  if (strategy.type === 'Recreate') {
    for (const rs of old) scale(store, deployment, rs, 0);
    if (oldPods === 0) scale(store, deployment, current, desired);
  } else {
    scale(store, deployment, current, desired);
    if (Number(current.status?.availableReplicas ?? 0) >= desired)
      for (const rs of old) scale(store, deployment, rs, 0);
  }
  const revision = String(
    revisionOf(store.get(RS, current.metadata.namespace, current.metadata.name) ?? current),
  );
  if (deployment.metadata.annotations?.[REVISION] !== revision) {
    const annotations = { ...deployment.metadata.annotations, [REVISION]: revision };
    deployment = store.update(DEPLOYMENT, {
      ...deployment,
      metadata: { ...deployment.metadata, annotations },
    });
  }

  const all = ownedBy(store, RS, deployment);
  const sum = (field: string): number => all.reduce((n, rs) => n + Number(rs.status?.[field] ?? 0), 0);
  const updated = Number(all.find((rs) => rs.metadata.uid === current.metadata.uid)?.status?.replicas ?? 0);
  const replicas = sum('replicas');
  const available = sum('availableReplicas');
  const maxUnavailable = scaledValue(strategy.rollingUpdate?.maxUnavailable, desired, 0);
  const complete = updated === desired && replicas === desired && available === desired;
  const key = `${deployment.metadata.uid}/${hash}`;
  if (!rolloutStarts.has(key)) rolloutStarts.set(key, Date.now());
  const deadlineMs = Number(deployment.spec?.progressDeadlineSeconds ?? 600) * 1000;
  const timedOut = !complete && Date.now() - (rolloutStarts.get(key) ?? Date.now()) > deadlineMs;
  const rsName = current.metadata.name;
  const progressing: Condition = complete
    ? {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${rsName}" has successfully progressed.`,
      }
    : timedOut
      ? {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: `ReplicaSet "${rsName}" has timed out progressing.`,
        }
      : fresh
        ? {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetCreated',
            message: `Created new replica set "${rsName}"`,
          }
        : {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            message: `ReplicaSet "${rsName}" is progressing.`,
          };
  const isAvailable = available >= desired - maxUnavailable;
  const availableCondition: Condition = isAvailable
    ? {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      }
    : {
        type: 'Available',
        status: 'False',
        reason: 'MinimumReplicasUnavailable',
        message: 'Deployment does not have minimum availability.',
      };
  const status = omitZero({
    observedGeneration: deployment.metadata.generation,
    replicas,
    updatedReplicas: updated,
    readyReplicas: sum('readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, desired - available),
  });
  status.conditions = withConditions(deployment.status?.conditions, [availableCondition, progressing]);
  writeStatus(store, deployment, status);
}

/** Creates or deletes pods until the ReplicaSet has `spec.replicas` of them, then writes its status. */
export function reconcileReplicaSet(store: ObjectStore, rs: KubeObject): void {
  const pods = ownedBy(store, typeOf('Pod'), rs).filter(isPodActive);
  const desired = replicasOf(rs);
  for (let i = pods.length; i < desired; i++) {
    const pod = createPod(
      store,
      rs,
      (rs.spec?.template ?? {}) as JsonObject,
      `${rs.metadata.name}-${randomSuffix()}`,
    );
    recordEvent(store, rs, {
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: `Created pod: ${pod.metadata.name}`,
      component: 'replicaset-controller',
    });
    pods.push(pod);
  }
  // Scale down removes not-ready pods first, as the real controller prefers.
  const surplus = [...pods]
    .sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)))
    .slice(0, Math.max(0, pods.length - desired));
  for (const pod of surplus) {
    store.delete(typeOf('Pod'), pod.metadata.namespace, pod.metadata.name);
    recordEvent(store, rs, {
      type: 'Normal',
      reason: 'SuccessfulDelete',
      message: `Deleted pod: ${pod.metadata.name}`,
      component: 'replicaset-controller',
    });
  }
  const remaining = pods.filter((p) => !surplus.includes(p));
  const ready = remaining.filter(isPodReady).length;
  const counts = omitZero({
    fullyLabeledReplicas: remaining.length,
    readyReplicas: ready,
    availableReplicas: ready,
  });
  writeStatus(store, rs, {
    replicas: remaining.length,
    ...counts,
    observedGeneration: rs.metadata.generation,
  });
}
