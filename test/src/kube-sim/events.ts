/**
 * Event recording the way kubelet and the controllers do it: one Event per (object, reason, message), whose
 * `count` and `lastTimestamp` grow when it repeats (BackOff, Unhealthy) instead of a new Event each time.
 */
import { createHash } from 'node:crypto';
import type { ObjectStore } from './store';
import type { KubeObject } from './types';
import { kubeTime } from './types';
import { resourceType } from './resources';

/** What happened, as the `reason`/`message` of an Event. */
export interface EventSpec {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** How often it has happened so far; the recorder raises the stored count up to this. Default 1. */
  count?: number;
  /** `kubelet` for pod events; controllers use their own name. */
  component?: string;
  /** `spec.containers{name}` for container events. */
  fieldPath?: string;
}

const EVENT_TYPE = resourceType('Event');
const NODE = 'kube-sim-node';

/** Records (or bumps) the Event describing `spec` on `involved`. */
export function recordEvent(store: ObjectStore, involved: KubeObject, spec: EventSpec): void {
  if (!EVENT_TYPE || !involved.metadata.namespace) return;
  const key = `${involved.metadata.uid}/${spec.reason}/${spec.fieldPath ?? ''}/${spec.message}`;
  const name = `${involved.metadata.name}.${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  const namespace = involved.metadata.namespace;
  const count = spec.count ?? 1;
  const now = kubeTime();
  const existing = store.get(EVENT_TYPE, namespace, name);
  if (existing) {
    if (typeof existing.count === 'number' && existing.count >= count) return;
    store.update(EVENT_TYPE, { ...existing, count, lastTimestamp: now });
    return;
  }
  const component = spec.component ?? 'kubelet';
  store.create(EVENT_TYPE, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.metadata.name,
      namespace,
      uid: involved.metadata.uid,
      resourceVersion: involved.metadata.resourceVersion,
      ...(spec.fieldPath ? { fieldPath: spec.fieldPath } : {}),
    },
    reason: spec.reason,
    message: spec.message,
    source: component === 'kubelet' ? { component, host: NODE } : { component },
    firstTimestamp: now,
    lastTimestamp: now,
    count,
    type: spec.type,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: component === 'kubelet' ? NODE : '',
  });
}
