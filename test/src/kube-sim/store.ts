/**
 * The in-memory object store: one resourceVersion counter for everything, uid/generation/creationTimestamp
 * bookkeeping, cascading deletes through ownerReferences, and a bounded change log that watches replay from.
 */
import { randomUUID } from 'node:crypto';
import type { ResourceType } from './resources';
import { apiVersionOf, RESOURCE_TYPES } from './resources';
import type { KubeObject } from './types';
import { clone, kubeTime } from './types';
import { alreadyExists, notFound } from './api-error';
import { applyDefaults } from './defaults';

/** A change to one object, as a watch reports it. */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resourceType: ResourceType;
  object: KubeObject;
  resourceVersion: number;
}

/** How many changes watches can replay; older resourceVersions get `410 Gone`, as in a real cluster. */
const LOG_LIMIT = 20_000;

function keyOf(type: ResourceType): string {
  return `${type.group}/${type.plural}`;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** Job selectors carry the Job's uid, so the API server fills them in at creation (manualSelector unset). */
function jobCreateDefaults(obj: KubeObject): void {
  if (obj.kind !== 'Job' || !obj.spec) return;
  const uid = obj.metadata.uid ?? '';
  const ids = { 'batch.kubernetes.io/controller-uid': uid, 'controller-uid': uid };
  const names = { 'batch.kubernetes.io/job-name': obj.metadata.name, 'job-name': obj.metadata.name };
  obj.spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const template = (obj.spec.template ??= {}) as { metadata?: { labels?: Record<string, string> } };
  template.metadata ??= {};
  template.metadata.labels = { ...template.metadata.labels, ...ids, ...names };
}

/** All objects, by resource type then `namespace/name`. */
export class ObjectStore {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly log: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private version = 1;

  /** The newest resourceVersion handed out. */
  get resourceVersion(): number {
    return this.version;
  }

  private bucket(type: ResourceType): Map<string, KubeObject> {
    let bucket = this.objects.get(keyOf(type));
    if (!bucket) this.objects.set(keyOf(type), (bucket = new Map<string, KubeObject>()));
    return bucket;
  }

  private emit(type: StoreEvent['type'], resourceType: ResourceType, object: KubeObject): void {
    const event: StoreEvent = { type, resourceType, object: clone(object), resourceVersion: this.version };
    this.log.push(event);
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
    for (const listener of this.listeners) listener(event);
  }

  /** A copy of one object, or undefined. */
  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.bucket(type).get(objectKey(type.namespaced ? namespace : undefined, name));
    return found ? clone(found) : undefined;
  }

  /** Copies of all objects of a type, in one namespace or all of them, sorted by namespace then name. */
  list(type: ResourceType, namespace?: string): KubeObject[] {
    return [...this.bucket(type).values()]
      .filter((o) => !namespace || !type.namespaced || o.metadata.namespace === namespace)
      .sort((a, b) =>
        objectKey(a.metadata.namespace, a.metadata.name).localeCompare(
          objectKey(b.metadata.namespace, b.metadata.name),
        ),
      )
      .map((o) => clone(o));
  }

  /** Stores a new object; throws AlreadyExists. Fills in uid, resourceVersion, generation and defaults. */
  create(type: ResourceType, input: KubeObject): KubeObject {
    const obj = applyDefaults(clone(input));
    const bucket = this.bucket(type);
    const key = objectKey(type.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name);
    if (bucket.has(key)) throw alreadyExists(type.plural, type.group, obj.metadata.name);
    if (!type.namespaced) delete obj.metadata.namespace;
    obj.apiVersion = apiVersionOf(type);
    obj.kind = type.kind;
    obj.metadata.uid = randomUUID();
    obj.metadata.creationTimestamp = kubeTime();
    obj.metadata.resourceVersion = String(++this.version);
    if (obj.spec && type.kind !== 'Pod') obj.metadata.generation = 1;
    delete obj.metadata.deletionTimestamp;
    jobCreateDefaults(obj);
    bucket.set(key, obj);
    this.emit('ADDED', type, obj);
    return clone(obj);
  }

  /**
   * Replaces an object, keeping its identity (uid, creationTimestamp). Bumps `metadata.generation` when the spec
   * changed — waits compare it with `status.observedGeneration`. Writes that change nothing keep the old version.
   */
  update(type: ResourceType, input: KubeObject): KubeObject {
    const bucket = this.bucket(type);
    const key = objectKey(type.namespaced ? input.metadata.namespace : undefined, input.metadata.name);
    const old = bucket.get(key);
    if (!old) throw notFound(type.plural, type.group, input.metadata.name);
    const obj = applyDefaults(clone(input));
    obj.apiVersion = old.apiVersion;
    obj.kind = old.kind;
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    if (!type.namespaced) delete obj.metadata.namespace;
    const specChanged = JSON.stringify(obj.spec) !== JSON.stringify(old.spec);
    if (old.metadata.generation !== undefined)
      obj.metadata.generation = old.metadata.generation + (specChanged ? 1 : 0);
    obj.metadata.resourceVersion = old.metadata.resourceVersion;
    if (JSON.stringify(obj) === JSON.stringify(old)) return clone(old);
    obj.metadata.resourceVersion = String(++this.version);
    bucket.set(key, obj);
    this.emit('MODIFIED', type, obj);
    return clone(obj);
  }

  /** Removes an object and, recursively, everything it owns (or, for a Namespace, everything in it). */
  delete(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const bucket = this.bucket(type);
    const key = objectKey(type.namespaced ? namespace : undefined, name);
    const obj = bucket.get(key);
    if (!obj) throw notFound(type.plural, type.group, name);
    bucket.delete(key);
    obj.metadata.resourceVersion = String(++this.version);
    this.emit('DELETED', type, obj);
    for (const dependentType of RESOURCE_TYPES) {
      for (const dependent of this.bucket(dependentType).values()) {
        const owned = dependent.metadata.ownerReferences?.some((ref) => ref.uid === obj.metadata.uid);
        const inNamespace = type.kind === 'Namespace' && dependent.metadata.namespace === name;
        if (owned || inNamespace)
          this.delete(dependentType, dependent.metadata.namespace, dependent.metadata.name);
      }
    }
    return clone(obj);
  }

  /** Changes after `resourceVersion`, or `'expired'` when the log no longer reaches back that far. */
  changesSince(resourceVersion: number): StoreEvent[] | 'expired' {
    const oldest = this.log[0];
    if (oldest && resourceVersion < oldest.resourceVersion - 1 && this.log.length >= LOG_LIMIT)
      return 'expired';
    return this.log.filter((e) => e.resourceVersion > resourceVersion);
  }

  /** Calls `listener` for every later change; returns the unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
