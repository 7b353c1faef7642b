/**
 * The StatefulSet, DaemonSet and Job controllers. StatefulSets create `<name>-<ordinal>` pods in order (each
 * once the previous is Ready) and replace outdated pods from the highest ordinal, one at a time; DaemonSets run
 * one pod on the simulator's single node; Jobs run pods until `completions` succeed or more than `backoffLimit`
 * fail (`BackoffLimitExceeded`).
 */
import type { ObjectStore } from './store';
import type { JsonObject, KubeObject } from './types';
import { kubeTime } from './types';
import { recordEvent } from './events';
import {
  createPod,
  isPodActive,
  isPodReady,
  omitZero,
  ownedBy,
  randomSuffix,
  templateHash,
  typeOf,
  withConditions,
  writeStatus,
} from './workload-helpers';

const POD = typeOf('Pod');
const REVISION_LABEL = 'controller-revision-hash';

function revisionOf(owner: KubeObject): string {
  return `${owner.metadata.name}-${templateHash(owner.spec?.template)}`;
}

function deletePod(store: ObjectStore, owner: KubeObject, pod: KubeObject, component: string): void {
  store.delete(POD, pod.metadata.namespace, pod.metadata.name);
  recordEvent(store, owner, {
    type: 'Normal',
    reason: 'SuccessfulDelete',
    message: `delete Pod ${pod.metadata.name} in ${owner.kind} ${owner.metadata.name} successful`,
    component,
  });
}

/** One step of the StatefulSet controller (OrderedReady, RollingUpdate with partition 0). */
export function reconcileStatefulSet(store: ObjectStore, sts: KubeObject): void {
  const desired = Number(sts.spec?.replicas ?? 1);
  const revision = revisionOf(sts);
  const template = (sts.spec?.template ?? {}) as JsonObject;
  let pods = ownedBy(store, POD, sts);
  const ordinal = (p: KubeObject): number => Number(p.metadata.name.slice(sts.metadata.name.length + 1));
  for (let i = 0; i < desired; i++) {
    if (pods.some((p) => ordinal(p) === i)) continue;
    if (!pods.filter((p) => ordinal(p) < i).every(isPodReady)) break;
    const name = `${sts.metadata.name}-${i}`;
    const labels = {
      [REVISION_LABEL]: revision,
      'statefulset.kubernetes.io/pod-name': name,
      'apps.kubernetes.io/pod-index': String(i),
    };
    pods.push(createPod(store, sts, template, name, labels));
    recordEvent(store, sts, {
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`,
      component: 'statefulset-controller',
    });
    break;
  }
  for (const pod of pods.filter((p) => ordinal(p) >= desired))
    deletePod(store, sts, pod, 'statefulset-controller');
  pods = pods.filter((p) => ordinal(p) < desired);
  const outdated = pods
    .filter((p) => p.metadata.labels?.[REVISION_LABEL] !== revision)
    .sort((a, b) => ordinal(b) - ordinal(a));
  const others = pods.filter((p) => p !== outdated[0]);
  if (outdated[0] && others.every(isPodReady) && pods.length === desired) {
    deletePod(store, sts, outdated[0], 'statefulset-controller');
    pods = others;
  }
  const updated = pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === revision).length;
  const ready = pods.filter(isPodReady).length;
  const done = updated === desired && ready === desired;
  const currentRevision = done
    ? revision
    : typeof sts.status?.currentRevision === 'string'
      ? sts.status.currentRevision
      : revision;
  const current = pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentRevision).length;
  const counts = omitZero({
    readyReplicas: ready,
    currentReplicas: current,
    updatedReplicas: updated,
    availableReplicas: ready,
  });
  writeStatus(store, sts, {
    observedGeneration: sts.metadata.generation,
    replicas: pods.length,
    ...counts,
    currentRevision,
    updateRevision: revision,
    collisionCount: 0,
  });
}

/** One step of the DaemonSet controller on a one-node cluster. */
export function reconcileDaemonSet(store: ObjectStore, ds: KubeObject): void {
  const revision = templateHash(ds.spec?.template);
  let pods = ownedBy(store, POD, ds);
  for (const pod of pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] !== revision))
    deletePod(store, ds, pod, 'daemonset-controller');
  pods = pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === revision);
  if (pods.length === 0) {
    const name = `${ds.metadata.name}-${randomSuffix()}`;
    pods.push(
      createPod(store, ds, (ds.spec?.template ?? {}) as JsonObject, name, { [REVISION_LABEL]: revision }),
    );
    recordEvent(store, ds, {
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: `Created pod: ${name}`,
      component: 'daemonset-controller',
    });
  }
  const ready = pods.filter(isPodReady).length;
  writeStatus(store, ds, {
    currentNumberScheduled: 1,
    desiredNumberScheduled: 1,
    numberMisscheduled: 0,
    numberReady: ready,
    observedGeneration: ds.metadata.generation,
    ...omitZero({
      updatedNumberScheduled: pods.length,
      numberAvailable: ready,
      numberUnavailable: 1 - ready,
    }),
  });
}

/** One step of the Job controller. */
export function reconcileJob(store: ObjectStore, job: KubeObject): void {
  const status = job.status ?? {};
  const finished = ((status.conditions ?? []) as JsonObject[]).some(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
  if (finished) return;
  const spec = job.spec ?? {};
  const pods = ownedBy(store, POD, job);
  const active = pods.filter(isPodActive);
  const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
  const failed = pods.filter((p) => p.status?.phase === 'Failed').length;
  const completions = Number(spec.completions ?? 1);
  const next: JsonObject = { startTime: status.startTime ?? kubeTime() };
  const component = 'job-controller';
  if (failed > Number(spec.backoffLimit ?? 6)) {
    for (const pod of active) deletePod(store, job, pod, component);
    const message = 'Job has reached the specified backoff limit';
    next.conditions = withConditions(
      status.conditions,
      [
        { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message },
        { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message },
      ],
      false,
    );
    recordEvent(store, job, { type: 'Warning', reason: 'BackoffLimitExceeded', message, component });
  } else if (succeeded >= completions) {
    next.completionTime = kubeTime();
    next.conditions = withConditions(
      status.conditions,
      [
        {
          type: 'SuccessCriteriaMet',
          status: 'True',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods',
        },
        {
          type: 'Complete',
          status: 'True',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods',
        },
      ],
      false,
    );
    recordEvent(store, job, { type: 'Normal', reason: 'Completed', message: 'Job completed', component });
  } else {
    const wanted = Math.min(Number(spec.parallelism ?? 1), completions - succeeded);
    for (let i = active.length; i < wanted; i++) {
      const pod = createPod(
        store,
        job,
        (spec.template ?? {}) as JsonObject,
        `${job.metadata.name}-${randomSuffix()}`,
      );
      recordEvent(store, job, {
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: `Created pod: ${pod.metadata.name}`,
        component,
      });
      active.push(pod);
    }
    next.active = active.length;
  }
  const counts = omitZero({ succeeded, failed, ready: active.filter(isPodReady).length });
  writeStatus(store, job, { ...next, ...counts, terminating: 0, uncountedTerminatedPods: {} });
}
