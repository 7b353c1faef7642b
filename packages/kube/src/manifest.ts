import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './objects';

/** The kinds whose rollout can be verified. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job';

/** A workload named in a release manifest. */
export interface WorkloadRef {
  kind: WorkloadKind;
  name: string;
  namespace: string;
}

const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'];

/** `Kind/namespace/name`, the key used in reports and `failed-resources`. */
export function workloadKey(w: WorkloadRef): string {
  return `${w.kind}/${w.namespace}/${w.name}`;
}

/**
 * The workloads of a release manifest (`helm get manifest`: multi-document YAML, `# Source:` comments, empty
 * documents). Objects without a namespace live in the release namespace. Hooks are not in this output.
 */
export function workloadsOfManifest(manifest: string, releaseNamespace: string): WorkloadRef[] {
  const seen = new Set<string>();
  const workloads: WorkloadRef[] = [];
  for (const doc of parseAllDocuments(manifest)) {
    if (doc.errors.length > 0) {
      const first = doc.errors[0];
      throw new Error(`release manifest is not valid YAML: ${first?.message ?? 'parse error'}`);
    }
    const object = doc.toJS() as KubeObject | null;
    if (!object || typeof object !== 'object') continue;
    const kind = object.kind ?? '';
    const name = object.metadata?.name;
    if (!WORKLOAD_KINDS.includes(kind) || !name) continue;
    const ref: WorkloadRef = {
      kind: kind as WorkloadKind,
      name,
      namespace: object.metadata?.namespace || releaseNamespace,
    };
    if (!seen.has(workloadKey(ref))) {
      seen.add(workloadKey(ref));
      workloads.push(ref);
    }
  }
  return workloads;
}
