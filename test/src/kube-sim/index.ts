/**
 * A loopback Kubernetes API simulator that the real helm 3.17 / 4.1 and kubectl talk to: in-memory objects,
 * discovery, watches, patches, and a controller that rolls out Deployments, StatefulSets, DaemonSets and Jobs
 * with per-image failure scenarios (see scenarios.ts). Start it, point KUBECONFIG at `writeKubeconfig(dir)`,
 * and `stop()` it when done.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { ObjectStore } from './store';
import { resourceType } from './resources';
import type { RequestRecord } from './router';
import { route } from './router';
import { startController } from './controller';
import { kubeconfigYaml, writeKubeconfigFile } from './kubeconfig';
import type { HelmRelease, HelmReleaseStatus } from './helm-releases';
import { helmReleases, setHelmReleaseStatus } from './helm-releases';
import type { KubeObject } from './types';
import { ApiError } from './api-error';

export type { KubeObject, ObjectMeta } from './types';
export type { RequestRecord } from './router';
export type { HelmRelease, HelmReleaseStatus } from './helm-releases';
export type { Scenario } from './scenarios';
export { SCENARIO_MESSAGES, scenarioOf } from './scenarios';

/** Options of {@link startKubeSimulator}. */
export interface KubeSimulatorOptions {
  /** How long a healthy pod takes to become Ready (and a failing one to show its failure). Default 300 ms. */
  readyDelayMs?: number;
  /** Bearer token clients must send; random by default (the kubeconfig carries it). */
  token?: string;
}

/** A running simulator. */
export interface KubeSimulator {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The bearer token the kubeconfig carries. */
  readonly token: string;
  /** Every request served so far, oldest first (method, path, query, content type, user agent, status). */
  readonly requests: readonly RequestRecord[];
  /** kubeconfig YAML pointing at this simulator, with `namespace` as the context's namespace (default `default`). */
  kubeconfig(namespace?: string): string;
  /** Writes the kubeconfig to `<dir>/kubeconfig` (mode 0600) and returns that path. */
  writeKubeconfig(dir: string, namespace?: string): string;
  /** One object by kind (`Deployment`) or plural (`deployments`); undefined when absent. Cluster-scoped: ns ignored. */
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** All objects of a kind, in one namespace or all. */
  list(kind: string, namespace?: string): KubeObject[];
  /** Stores an object as if a client had created it (the controller then acts on it). */
  create(object: KubeObject): KubeObject;
  /** The decoded revisions of a helm release, oldest first. */
  helmReleases(name: string, namespace?: string): HelmRelease[];
  /**
   * Marks the latest revision of a helm release with `status` (default `pending-upgrade`) in both its Secret label
   * and the encoded release, as a helm killed mid-upgrade leaves it. The next `helm upgrade` then fails with
   * "another operation (install/upgrade/rollback) is in progress". Returns the revision changed.
   */
  setReleaseStatus(name: string, namespace?: string, status?: HelmReleaseStatus): number;
  /** Runs one controller pass immediately. */
  reconcile(): void;
  /** Ends open watches, stops the controller and closes the server. */
  stop(): Promise<void>;
}

function typeFor(kind: string): NonNullable<ReturnType<typeof resourceType>> {
  const type = resourceType(kind);
  if (!type) throw new Error(`kube-sim: unknown kind "${kind}" (served: see RESOURCE_TYPES in resources.ts)`);
  return type;
}

/** Starts a simulator on 127.0.0.1 and an ephemeral port. */
export async function startKubeSimulator(options: KubeSimulatorOptions = {}): Promise<KubeSimulator> {
  const readyDelayMs = options.readyDelayMs ?? 300;
  if (!Number.isFinite(readyDelayMs) || readyDelayMs < 0) {
    throw new Error(
      `startKubeSimulator: readyDelayMs must be a number >= 0, got ${String(options.readyDelayMs)}`,
    );
  }
  const token = options.token ?? randomBytes(16).toString('hex');
  const store = new ObjectStore();
  const controller = startController(store, readyDelayMs);
  const requests: RequestRecord[] = [];
  const watches = new Set<() => void>();
  let url = '';
  const ctx = {
    store,
    token,
    requests,
    watches,
    podLog: (pod: KubeObject, container: string | undefined, previous: boolean) =>
      controller.podLog(pod, container, previous),
    serverAddress: () => url.replace('http://', ''),
  };
  const server = createServer((req, res) => void route(ctx, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    token,
    requests,
    kubeconfig: (namespace) => kubeconfigYaml(url, token, namespace),
    writeKubeconfig: (dir, namespace) => writeKubeconfigFile(dir, kubeconfigYaml(url, token, namespace)),
    get: (kind, namespace, name) => store.get(typeFor(kind), namespace, name),
    list: (kind, namespace) => store.list(typeFor(kind), namespace),
    create: (object) => {
      try {
        return store.create(typeFor(object.kind), object);
      } catch (error) {
        throw error instanceof ApiError ? new Error(`kube-sim create: ${error.message}`) : error;
      }
    },
    helmReleases: (name, namespace = 'default') => helmReleases(store, namespace, name),
    setReleaseStatus: (name, namespace = 'default', status = 'pending-upgrade') =>
      setHelmReleaseStatus(store, namespace, name, status),
    reconcile: () => controller.tick(),
    stop: async () => {
      controller.stop();
      for (const stopWatch of [...watches]) stopWatch();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
