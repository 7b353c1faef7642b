/** Cluster state for the end-to-end tests: the shared helm sandbox of the testbed, plus a plain Deployment. */
import { helmSandbox, helmTools, type HelmSandbox, type KubeSimulator } from '@shipyard/testbed';

/** The real helm and kubectl of a major and the folder holding them (for `path` in runAction). */
export const tools = helmTools;

export type Cluster = HelmSandbox;

/** A sandbox against `sim` with the demo chart (Deployment + Service, image from values). */
export function cluster(sim: KubeSimulator): Cluster {
  return helmSandbox(sim);
}

/** A plain Deployment (no helm) for the kubectl strategy. */
export function deploymentYaml(name: string, namespace: string, image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: main, image: "${image}"}]
`;
}
