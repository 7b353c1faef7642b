/** Pieces every workload controller uses: template hashes, owner references, pods, conditions, status writes. */
import { createHash, randomBytes } from 'node:crypto';
import type { ResourceType } from './resources';
import { resourceType } from './resources';
import type { ObjectStore } from './store';
import type { JsonObject, KubeObject, OwnerReference, StringMap } from './types';
import { clone, isObject, kubeTime } from './types';

/** Resource types the controllers touch; the table always has them. */
export function typeOf(kind: string): ResourceType {
  const type = resourceType(kind);
  if (!type) throw new Error(`kube-sim: resource type ${kind} missing from RESOURCE_TYPES`);
  return type;
}

/** The characters Kubernetes uses for generated suffixes (no vowels, no look-alikes). */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

function safeEncode(bytes: Buffer, length: number): string {
  return [...bytes.subarray(0, length)].map((b) => SAFE[b % SAFE.length]).join('');
}

/** A random 5-character pod name suffix. */
export function randomSuffix(): string {
  return safeEncode(randomBytes(5), 5);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical(value[k])]),
  );
}

/** A stable hash of a pod template (key order does not matter), like `pod-template-hash`. */
export function templateHash(template: unknown): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(canonical(template)))
    .digest();
  return safeEncode(digest, 10);
}

/** The controller owner reference pointing at `owner`. */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Objects of `type` in the owner's namespace whose controller is `owner`. */
export function ownedBy(store: ObjectStore, type: ResourceType, owner: KubeObject): KubeObject[] {
  return store
    .list(type, owner.metadata.namespace)
    .filter((o) => o.metadata.ownerReferences?.some((r) => r.controller && r.uid === owner.metadata.uid));
}

/** Creates a pod from a template, owned by `owner`. */
export function createPod(
  store: ObjectStore,
  owner: KubeObject,
  template: JsonObject,
  name: string,
  labels: StringMap = {},
): KubeObject {
  const meta = (template.metadata ?? {}) as { labels?: StringMap; annotations?: StringMap };
  const spec = clone((template.spec ?? {}) as JsonObject);
  spec.nodeName = 'kube-sim-node';
  return store.create(typeOf('Pod'), {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...meta.labels, ...labels },
      ...(meta.annotations ? { annotations: meta.annotations } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec,
  });
}

/** Whether a pod's Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  const conditions = (pod.status?.conditions ?? []) as JsonObject[];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** A pod that has not ended (Succeeded/Failed pods do not count as replicas). */
export function isPodActive(pod: KubeObject): boolean {
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** A condition as controllers write it. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

/**
 * Conditions with `next` set, keeping `lastTransitionTime` while the status stays and `lastUpdateTime` while the
 * reason and message stay — so an unchanged rollout writes nothing.
 */
export function withConditions(current: unknown, next: Condition[], withUpdateTime = true): JsonObject[] {
  const old = Array.isArray(current) ? (current as JsonObject[]) : [];
  const now = kubeTime();
  const updated = next.map((c) => {
    const prev = old.find((o) => o.type === c.type);
    const transition = prev && prev.status === c.status ? prev.lastTransitionTime : now;
    const update =
      prev && prev.reason === c.reason && prev.message === c.message ? (prev.lastUpdateTime ?? now) : now;
    const times = withUpdateTime
      ? { lastUpdateTime: update, lastTransitionTime: transition }
      : { lastProbeTime: null, lastTransitionTime: transition };
    return { type: c.type, status: c.status, ...times, reason: c.reason, message: c.message };
  });
  return [...updated, ...old.filter((o) => !next.some((c) => c.type === o.type))];
}

/** Drops zero counters, as the API's `omitempty` does (`readyReplicas: 0` is never printed). */
export function omitZero(status: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(status).filter(([, v]) => v !== 0 && v !== undefined));
}

/** Writes a new status when it differs from the stored one. */
export function writeStatus(store: ObjectStore, obj: KubeObject, status: JsonObject): KubeObject {
  if (JSON.stringify(status) === JSON.stringify(obj.status ?? {})) return obj;
  const fresh = store.get(typeOf(obj.kind), obj.metadata.namespace, obj.metadata.name);
  if (!fresh) return obj;
  return store.update(typeOf(obj.kind), { ...fresh, status });
}

/** `maxUnavailable`/`maxSurge` as a count: an int, or a percentage of `replicas` (rounded down). */
export function scaledValue(value: unknown, replicas: number, fallback: number): number {
  if (typeof value === 'number') return value;
  const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value)?.[1] : undefined;
  return percent === undefined ? fallback : Math.floor((Number(percent) * replicas) / 100);
}
