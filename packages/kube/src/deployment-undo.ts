import { KubectlError, runKubectl, type KubectlClientOptions } from './kubectl';
import type { KubeObject } from './objects';
import { selectorOf } from './workload-status';

/** The annotation the Deployment controller keeps the revision in, on Deployments and their ReplicaSets. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** The revision annotation of a Deployment or ReplicaSet as a number; undefined when absent or not a number. */
export function revisionOf(object: KubeObject | undefined): number | undefined {
  const value = object?.metadata?.annotations?.[REVISION_ANNOTATION];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** The revisions of the ReplicaSets a Deployment controls (by controller owner reference, not only labels). */
export function ownedRevisions(deployment: KubeObject, replicaSets: readonly KubeObject[]): number[] {
  const uid = deployment.metadata?.uid;
  const name = deployment.metadata?.name;
  const owned = replicaSets.filter((rs) => {
    return (rs.metadata?.ownerReferences ?? []).some(
      (o) => o.kind === 'Deployment' && (uid ? o.uid === uid : o.name === name),
    );
  });
  return owned.map(revisionOf).filter((r): r is number => r !== undefined);
}

/**
 * The two kubectl commands a Deployment rollback needs beyond {@link KubectlClient}'s reads: listing its
 * ReplicaSets and `kubectl rollout undo --to-revision`. Same options (binary, exec edge, env) as the client.
 */
export class DeploymentRollback {
  constructor(private readonly options: KubectlClientOptions) {}

  private run(args: string[]): Promise<string> {
    return runKubectl(this.options, args);
  }

  /** The ReplicaSets matching the Deployment's selector (filter with {@link ownedRevisions}). */
  async replicaSets(deployment: KubeObject, namespace: string): Promise<KubeObject[]> {
    const selector = selectorOf(deployment);
    const args = ['get', 'replicasets', '--namespace', namespace, '-o', 'json'];
    if (selector) args.push('--selector', selector);
    const out = await this.run(args);
    try {
      const list = JSON.parse(out) as { items?: KubeObject[] };
      return Array.isArray(list.items) ? list.items : [];
    } catch {
      throw new KubectlError('kubectl get replicasets printed no JSON', out.slice(0, 300), false);
    }
  }

  /** `kubectl rollout undo deployment/<name> --to-revision=<n>`; returns kubectl's one-line answer. */
  async undo(name: string, namespace: string, toRevision: number): Promise<string> {
    const out = await this.run([
      'rollout',
      'undo',
      `deployment/${name}`,
      '--namespace',
      namespace,
      `--to-revision=${toRevision}`,
    ]);
    return out.trim();
  }
}
