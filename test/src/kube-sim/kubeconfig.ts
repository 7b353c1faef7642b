/** The kubeconfig that points kubectl and helm at a simulator. */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** The context, cluster and user name in the kubeconfig. */
export const KUBECONFIG_CONTEXT = 'kube-sim';

/**
 * kubeconfig YAML for a plain-HTTP server with a bearer-token user. There is no TLS on loopback, so no CA or
 * `insecure-skip-tls-verify`; client-go does not send the token over plain HTTP, so it only matters to other
 * clients (the simulator refuses a wrong token, accepts none).
 */
export function kubeconfigYaml(url: string, token: string, namespace = 'default'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: KUBECONFIG_CONTEXT, cluster: { server: url } }],
    users: [{ name: KUBECONFIG_CONTEXT, user: { token } }],
    contexts: [
      {
        name: KUBECONFIG_CONTEXT,
        context: { cluster: KUBECONFIG_CONTEXT, user: KUBECONFIG_CONTEXT, namespace },
      },
    ],
    'current-context': KUBECONFIG_CONTEXT,
    preferences: {},
  });
}

/** Writes `<dir>/kubeconfig` with mode 0600 (helm warns about group-readable kubeconfigs) and returns its path. */
export function writeKubeconfigFile(dir: string, yaml: string): string {
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, yaml, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}
