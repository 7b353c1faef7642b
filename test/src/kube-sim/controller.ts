/**
 * The control loop: every tick it drives each workload one step (deployments.ts, workloads.ts), plays each pod's
 * scenario (scenarios.ts) and keeps namespaces and services in their served shape. Writes happen only when
 * something changed, so an idle cluster's resourceVersion stands still and watches stay quiet.
 */
import type { ObjectStore } from './store';
import type { KubeObject } from './types';
import { recordEvent } from './events';
import type { PodClock } from './scenarios';
import { podEvents, podLog, podStatus } from './scenarios';
import { reconcileDeployment, reconcileReplicaSet } from './deployments';
import { reconcileDaemonSet, reconcileJob, reconcileStatefulSet } from './workloads';
import { typeOf, writeStatus } from './workload-helpers';

/** The running control loop of one simulator. */
export interface Controller {
  /** Runs one reconcile pass now (the loop also runs on its own). */
  tick(): void;
  /** `kubectl logs` text for a pod's container. */
  podLog(pod: KubeObject, container: string | undefined, previous: boolean): string;
  stop(): void;
}

/** Namespaces every cluster has. */
const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Starts the loop: ticks every `readyDelayMs / 4` (20–100 ms). */
export function startController(store: ObjectStore, readyDelayMs: number): Controller {
  const podStarts = new Map<string, number>();
  const podIps = new Map<string, string>();
  const rolloutStarts = new Map<string, number>();
  let podCount = 0;
  const NS = typeOf('Namespace');
  for (const name of BUILT_IN_NAMESPACES)
    store.create(NS, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

  const clockOf = (pod: KubeObject): PodClock => {
    const uid = pod.metadata.uid ?? '';
    if (!podStarts.has(uid)) podStarts.set(uid, Date.now());
    const startedAtMs = podStarts.get(uid) ?? Date.now();
    return { startedAtMs, elapsedMs: Date.now() - startedAtMs, readyDelayMs };
  };

  function reconcileNamespace(ns: KubeObject): void {
    const name = ns.metadata.name;
    if (ns.metadata.labels?.['kubernetes.io/metadata.name'] !== name || !ns.spec) {
      const labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': name };
      ns = store.update(NS, {
        ...ns,
        metadata: { ...ns.metadata, labels },
        spec: { finalizers: ['kubernetes'] },
      });
    }
    writeStatus(store, ns, { phase: 'Active' });
    const sa = typeOf('ServiceAccount');
    if (!store.get(sa, name, 'default'))
      store.create(sa, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace: name },
      });
    const cm = typeOf('ConfigMap');
    if (!store.get(cm, name, 'kube-root-ca.crt')) {
      const data = {
        'ca.crt': '-----BEGIN CERTIFICATE-----\nkube-sim has no CA\n-----END CERTIFICATE-----\n',
      };
      store.create(cm, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-root-ca.crt', namespace: name },
        data,
      });
    }
  }

  function reconcilePod(pod: KubeObject): void {
    const uid = pod.metadata.uid ?? '';
    if (!podIps.has(uid)) {
      podIps.set(uid, `10.244.${Math.floor(podCount / 250) % 250}.${(podCount % 250) + 2}`);
      podCount++;
    }
    if (!pod.spec?.nodeName)
      pod = store.update(typeOf('Pod'), { ...pod, spec: { ...pod.spec, nodeName: 'kube-sim-node' } });
    const clock = clockOf(pod);
    writeStatus(store, pod, podStatus(pod, clock, podIps.get(uid) ?? ''));
    const live = store.get(typeOf('Pod'), pod.metadata.namespace, pod.metadata.name);
    if (live) for (const event of podEvents(live, clock)) recordEvent(store, live, event);
  }

  function reconcileService(svc: KubeObject): void {
    const lb = svc.spec?.type === 'LoadBalancer' ? { ingress: [{ ip: '127.0.0.1', ipMode: 'VIP' }] } : {};
    writeStatus(store, svc, { loadBalancer: lb });
  }

  const passes: [string, (obj: KubeObject) => void][] = [
    ['Namespace', reconcileNamespace],
    ['Deployment', (d) => reconcileDeployment(store, d, rolloutStarts)],
    ['ReplicaSet', (rs) => reconcileReplicaSet(store, rs)],
    ['StatefulSet', (s) => reconcileStatefulSet(store, s)],
    ['DaemonSet', (d) => reconcileDaemonSet(store, d)],
    ['Job', (j) => reconcileJob(store, j)],
    ['Pod', reconcilePod],
    ['Service', reconcileService],
  ];

  function tick(): void {
    for (const [kind, reconcile] of passes) {
      // Objects listed at the start of a pass may be gone by the time their turn comes (cascading deletes).
      for (const obj of store.list(typeOf(kind))) {
        const live = store.get(typeOf(kind), obj.metadata.namespace, obj.metadata.name);
        if (live) reconcile(live);
      }
    }
    // Forget the clocks of deleted pods so a long-running simulator does not grow without bound.
    const pods = new Set(store.list(typeOf('Pod')).map((p) => p.metadata.uid ?? ''));
    for (const uid of [...podStarts.keys()].filter((u) => !pods.has(u))) {
      podStarts.delete(uid);
      podIps.delete(uid);
    }
  }

  tick();
  const period = Math.min(100, Math.max(20, Math.floor(readyDelayMs / 4)));
  const timer = setInterval(() => {
    try {
      tick();
    } catch (error) {
      // A bug in one pass must not kill the loop of a running test; it surfaces as an event on the default namespace.
      const ns = store.get(NS, undefined, 'default');
      if (ns)
        recordEvent(
          store,
          { ...ns, metadata: { ...ns.metadata, namespace: 'default' } },
          { type: 'Warning', reason: 'SimulatorError', message: String(error), component: 'kube-sim' },
        );
    }
  }, period);

  return {
    tick,
    podLog: (pod, container, _previous) => podLog(pod, container, clockOf(pod)),
    stop: () => clearInterval(timer),
  };
}
