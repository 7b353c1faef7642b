/**
 * Server-side defaulting, so served objects look like a real cluster's (imagePullPolicy, strategy, clusterIP…)
 * and so a server-side apply that replaces the spec does not lose them: they are filled in again on every write.
 */
import type { JsonObject, KubeObject } from './types';
import { isObject } from './types';

function setDefault(target: JsonObject, key: string, value: unknown): void {
  if (target[key] === undefined) target[key] = value;
}

function objectAt(target: JsonObject, key: string): JsonObject {
  const existing = target[key];
  if (isObject(existing)) return existing;
  const created: JsonObject = {};
  target[key] = created;
  return created;
}

function defaultContainer(container: JsonObject): void {
  const image = typeof container.image === 'string' ? container.image : '';
  const tag = image.includes('@') ? 'digest' : /:[^/]+$/.exec(image)?.[0].slice(1);
  setDefault(container, 'imagePullPolicy', !tag || tag === 'latest' ? 'Always' : 'IfNotPresent');
  setDefault(container, 'resources', {});
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  for (const port of Array.isArray(container.ports) ? (container.ports as JsonObject[]) : []) {
    setDefault(port, 'protocol', 'TCP');
  }
}

/** Defaults of a PodSpec, shared by Pods and every pod template. */
export function defaultPodSpec(spec: JsonObject, restartPolicy = 'Always'): void {
  for (const key of ['containers', 'initContainers']) {
    for (const c of Array.isArray(spec[key]) ? (spec[key] as JsonObject[]) : []) defaultContainer(c);
  }
  setDefault(spec, 'restartPolicy', restartPolicy);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'serviceAccountName', 'default');
  setDefault(spec, 'serviceAccount', spec.serviceAccountName);
}

function defaultTemplate(spec: JsonObject, restartPolicy = 'Always'): void {
  const template = objectAt(spec, 'template');
  setDefault(objectAt(template, 'metadata'), 'creationTimestamp', null);
  defaultPodSpec(objectAt(template, 'spec'), restartPolicy);
}

let nextClusterIp = 10;

function defaultService(spec: JsonObject): void {
  setDefault(spec, 'type', 'ClusterIP');
  if (spec.type !== 'ExternalName' && spec.clusterIP === undefined) {
    spec.clusterIP = `10.96.${Math.floor(nextClusterIp / 250)}.${(nextClusterIp % 250) + 1}`;
    nextClusterIp++;
  }
  if (spec.clusterIP !== undefined) setDefault(spec, 'clusterIPs', [spec.clusterIP]);
  setDefault(spec, 'sessionAffinity', 'None');
  setDefault(spec, 'ipFamilies', ['IPv4']);
  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  for (const port of Array.isArray(spec.ports) ? (spec.ports as JsonObject[]) : []) {
    setDefault(port, 'protocol', 'TCP');
    setDefault(port, 'targetPort', port.port);
  }
}

/** Fills in the defaults the API server would add for this object's kind. Mutates and returns `obj`. */
export function applyDefaults(obj: KubeObject): KubeObject {
  const spec = obj.spec;
  switch (obj.kind) {
    case 'Deployment':
      if (!spec) break;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      setDefault(spec, 'strategy', {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      });
      defaultTemplate(spec);
      break;
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
      if (!spec) break;
      if (obj.kind !== 'DaemonSet') setDefault(spec, 'replicas', 1);
      if (obj.kind === 'StatefulSet') setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      if (obj.kind !== 'ReplicaSet') setDefault(spec, 'revisionHistoryLimit', 10);
      if (obj.kind !== 'ReplicaSet') setDefault(spec, 'updateStrategy', { type: 'RollingUpdate' });
      defaultTemplate(spec);
      break;
    case 'Job':
      if (!spec) break;
      setDefault(spec, 'backoffLimit', 6);
      setDefault(spec, 'completions', 1);
      setDefault(spec, 'parallelism', 1);
      setDefault(spec, 'completionMode', 'NonIndexed');
      setDefault(spec, 'suspend', false);
      defaultTemplate(spec, 'Never');
      break;
    case 'Pod':
      if (spec) defaultPodSpec(spec);
      break;
    case 'Service':
      if (spec) defaultService(spec);
      break;
    case 'Secret':
      setDefault(obj, 'type', 'Opaque');
      break;
  }
  return obj;
}
