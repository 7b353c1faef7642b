import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { kubeconfigProblem, kubeconfigSecrets, writeKubeconfig } from './kubeconfig';

/**
 * How the kube actions reach the cluster: the `kubeconfig` input (written 0600 under RUNNER_TEMP, masked,
 * removed by the post step) or KUBECONFIG / ~/.kube/config, and the helm child environment. Shared by
 * helm-deploy-verify and rollback-on-failure so both treat credentials the same way.
 */

/** A problem with the kubeconfig the user gave; the action reports it as a configuration error. */
export class KubeconfigInputError extends Error {
  override name = 'KubeconfigInputError';
}

/** Where the kubeconfig is; `dir` is set when this call wrote it (save it for the post step's removal). */
export interface KubeconfigLocation {
  path: string;
  dir?: string;
}

/**
 * Resolves the kubeconfig: input content is masked (every line and value) BEFORE it is checked, then written;
 * otherwise KUBECONFIG, then ~/.kube/config. Messages never quote the content.
 */
export function resolveKubeconfig(options: {
  content: string | undefined;
  env: NodeJS.ProcessEnv;
  runnerTemp: string;
  mask: (secret: string) => void;
}): KubeconfigLocation {
  const { content, env } = options;
  if (content) {
    for (const secret of kubeconfigSecrets(content)) options.mask(secret);
    const problem = kubeconfigProblem(content);
    if (problem)
      throw new KubeconfigInputError(`input 'kubeconfig' is unusable: ${problem} (its content is not shown)`);
    return writeKubeconfig(content, options.runnerTemp);
  }
  if (env.KUBECONFIG) return { path: env.KUBECONFIG };
  const fallback = join(env.HOME ?? '', '.kube', 'config');
  if (!existsSync(fallback))
    throw new KubeconfigInputError(
      "no kubeconfig: set input 'kubeconfig' to the kubeconfig content, or KUBECONFIG (e.g. from azure/k8s-set-context)",
    );
  return { path: fallback };
}

/**
 * The variables of helm's child environment: KUBECONFIG, a cache under the action's own work folder, and the
 * user's helm config/data homes passed through (they hold `helm repo add` and registry logins of earlier steps).
 */
export function helmEnvironment(
  env: NodeJS.ProcessEnv,
  kubeconfig: string,
  workDir: string,
): Record<string, string | undefined> {
  return {
    KUBECONFIG: kubeconfig,
    HELM_CACHE_HOME: join(workDir, 'cache'),
    HELM_CONFIG_HOME: env.HELM_CONFIG_HOME,
    HELM_DATA_HOME: env.HELM_DATA_HOME,
    HELM_REGISTRY_CONFIG: env.HELM_REGISTRY_CONFIG,
    HELM_REPOSITORY_CONFIG: env.HELM_REPOSITORY_CONFIG,
    HELM_REPOSITORY_CACHE: env.HELM_REPOSITORY_CACHE,
    DOCKER_CONFIG: env.DOCKER_CONFIG,
  };
}

/**
 * Which helm to run for a `helm-version` input: `auto` uses the helm on PATH, else installs the pinned
 * default; an explicit version is always installed (checksum-verified by the installer).
 */
export function chooseHelm(
  wanted: string,
  onPath: string | undefined,
  pinned: string,
): { use: string } | { install: string } {
  if (wanted === 'auto') return onPath ? { use: onPath } : { install: pinned };
  return { install: wanted.replace(/^v/, '') };
}
