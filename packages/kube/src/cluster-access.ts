import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { kubeconfigProblem, kubeconfigSecrets, removeKubeconfigDir, writeKubeconfig } from './kubeconfig';

/**
 * How the kube actions reach the cluster: the `kubeconfig` input (written 0600 under RUNNER_TEMP, masked,
 * removed by the post step) or KUBECONFIG / ~/.kube/config, and the helm child environment. Shared by
 * helm-deploy-verify and rollback-on-failure so both treat credentials the same way.
 */

/**
 * A problem with the kubeconfig the user gave. Named like the runtime's ConfigurationError (which this package
 * does not import) so the action reports it as one `::error` without a stack.
 */
export class KubeconfigInputError extends Error {
  override name = 'ConfigurationError';
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
 * The variables of helm's and kubectl's child environment: KUBECONFIG, kubectl's discovery cache under the
 * action's own work folder, and the user's helm homes passed through. The helm CACHE home must be the user's
 * too: `helm repo add` in an earlier step writes the repository index there, and `repo/name` charts resolve
 * from it ("no cached repo found" otherwise). Unset variables leave helm's own defaults (XDG_*, then HOME).
 */
export function helmEnvironment(
  env: NodeJS.ProcessEnv,
  kubeconfig: string,
  workDir: string,
): Record<string, string | undefined> {
  return {
    KUBECONFIG: kubeconfig,
    KUBECACHEDIR: join(workDir, 'kube-cache'),
    XDG_CACHE_HOME: env.XDG_CACHE_HOME,
    XDG_CONFIG_HOME: env.XDG_CONFIG_HOME,
    XDG_DATA_HOME: env.XDG_DATA_HOME,
    HELM_CACHE_HOME: env.HELM_CACHE_HOME,
    HELM_CONFIG_HOME: env.HELM_CONFIG_HOME,
    HELM_DATA_HOME: env.HELM_DATA_HOME,
    HELM_REGISTRY_CONFIG: env.HELM_REGISTRY_CONFIG,
    HELM_REPOSITORY_CONFIG: env.HELM_REPOSITORY_CONFIG,
    HELM_REPOSITORY_CACHE: env.HELM_REPOSITORY_CACHE,
    DOCKER_CONFIG: env.DOCKER_CONFIG,
  };
}

/** State keys the main step saves and the post step reads to remove what {@link prepareClusterAccess} made. */
export const CLUSTER_STATE = { workDir: 'work-dir', kubeconfigDir: 'kubeconfig-dir' } as const;

/** Prefix of the action's own work folder under RUNNER_TEMP (kubectl's discovery cache). */
const WORK_DIR_PREFIX = 'shipyard-helm-';

/** What the kube tools run with: the kubeconfig, the action's work folder and helm's child variables. */
export interface ClusterAccess {
  kubeconfig: string;
  workDir: string;
  /** Variables for `childEnv` of helm and kubectl ({@link helmEnvironment}). */
  helmEnv: Record<string, string | undefined>;
}

/**
 * Resolves the kubeconfig ({@link resolveKubeconfig}) and creates the action's work folder, saving both folders
 * in state first so the post step removes them even when a later step of the run fails.
 */
export function prepareClusterAccess(options: {
  content: string | undefined;
  env: NodeJS.ProcessEnv;
  runnerTemp: string;
  mask: (secret: string) => void;
  saveState: (key: string, value: string) => void;
}): ClusterAccess {
  const location = resolveKubeconfig(options);
  if (location.dir) options.saveState(CLUSTER_STATE.kubeconfigDir, location.dir);
  const workDir = mkdtempSync(join(options.runnerTemp, WORK_DIR_PREFIX));
  options.saveState(CLUSTER_STATE.workDir, workDir);
  return {
    kubeconfig: location.path,
    workDir,
    helmEnv: helmEnvironment(options.env, location.path, workDir),
  };
}

/**
 * The post step: removes the kubeconfig folder and the work folder {@link prepareClusterAccess} created — only
 * folders of this action directly under `runnerTemp`, so a tampered state value deletes nothing else. Safe twice.
 */
export function cleanUpClusterAccess(options: {
  getState: (key: string) => string;
  runnerTemp: string;
  info: (message: string) => void;
  warning: (message: string) => void;
}): void {
  const dir = options.getState(CLUSTER_STATE.kubeconfigDir);
  const result = removeKubeconfigDir(dir, options.runnerTemp);
  if (result === 'refused')
    options.warning(`kubeconfig folder ${dir} is not one this action created; left in place`);
  else options.info(`kubeconfig: ${result}`);
  const work = options.getState(CLUSTER_STATE.workDir);
  if (work && work.startsWith(options.runnerTemp) && /shipyard-helm-[^/]+$/.test(work))
    rmSync(work, { recursive: true, force: true });
}
