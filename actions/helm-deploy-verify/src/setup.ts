import { existsSync, mkdtempSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  HelmClient,
  KubectlClient,
  kubeconfigProblem,
  kubeconfigSecrets,
  writeKubeconfig,
} from '@shipyard/kube';
import { ConfigurationError, type ActionContext } from '@shipyard/runtime';
import {
  childEnv,
  COMPROMISED,
  DEFAULT_VERSIONS,
  execTool,
  hostPlatform,
  installTool,
  RELEASES,
  runnerInstallDeps,
  which,
} from '@shipyard/tools';
import type { Inputs } from './inputs';

/** State keys shared by the main and post steps. */
export const STATE = {
  workDir: 'work-dir',
  kubeconfigDir: 'kubeconfig-dir',
  release: 'release',
  namespace: 'namespace',
  previousRevision: 'previous-revision',
  revision: 'revision',
} as const;

type Ctx = Pick<ActionContext<Inputs, never>, 'inputs' | 'env' | 'processEnv' | 'log' | 'mask' | 'saveState'>;

/** Where the kubeconfig comes from: the `kubeconfig` input (written 0600, removed by post) or the environment. */
function kubeconfigPath(ctx: Ctx): string {
  const content = ctx.inputs.kubeconfig;
  if (content) {
    for (const secret of kubeconfigSecrets(content)) ctx.mask(secret);
    const problem = kubeconfigProblem(content);
    if (problem)
      throw new ConfigurationError(`input 'kubeconfig' is unusable: ${problem} (its content is not shown)`);
    const { dir, path } = writeKubeconfig(content, ctx.env.runnerTemp);
    ctx.saveState(STATE.kubeconfigDir, dir);
    return path;
  }
  const fromEnv = ctx.processEnv.KUBECONFIG;
  const fallback = join(ctx.processEnv.HOME ?? '', '.kube', 'config');
  const path = fromEnv || fallback;
  if (!fromEnv && !existsSync(fallback))
    throw new ConfigurationError(
      "no kubeconfig: set input 'kubeconfig' to the kubeconfig content, or KUBECONFIG (e.g. from azure/k8s-set-context)",
    );
  return path;
}

async function resolveHelm(ctx: Ctx): Promise<string> {
  const wanted = ctx.inputs['helm-version'];
  const onPath = which('helm', ctx.processEnv);
  if (wanted === 'auto' && onPath) return onPath;
  const version = wanted === 'auto' ? (DEFAULT_VERSIONS.helm ?? '3.17.3') : wanted;
  ctx.log.info(
    wanted === 'auto' ? `no helm on PATH: installing pinned helm ${version}` : `helm ${version} requested`,
  );
  const deps = await runnerInstallDeps({
    tempDir: ctx.env.runnerTemp,
    env: ctx.processEnv,
    hasCacheService: ctx.env.hasCacheService,
    log: ctx.log.info,
  });
  const installed = await installTool(
    {
      tool: 'helm',
      version,
      releases: RELEASES,
      compromised: COMPROMISED,
      ...hostPlatform(ctx.env.os, ctx.env.arch),
      versionOf: async (path) =>
        (
          await execTool(path, ['version', '--short'], { env: childEnv(ctx.processEnv), timeoutMs: 30_000 })
        ).stdout
          .trim()
          .replace(/^v/, '')
          .split('+')[0],
    },
    deps,
  );
  return installed.path;
}

/** The clients this action runs, with one explicit child environment. */
export interface Clients {
  helm: HelmClient;
  kubectl: KubectlClient;
  helmVersion: string;
  helmMajor: 3 | 4;
}

/**
 * Prepares kubeconfig, helm and kubectl. The child environment is explicit: KUBECONFIG, a helm cache under
 * this action's own folder in RUNNER_TEMP, and the user's helm config/data homes passed through (they hold
 * `helm repo add` and registry logins from earlier steps).
 */
export async function setUp(ctx: Ctx): Promise<Clients> {
  const kubeconfig = kubeconfigPath(ctx);
  const work = mkdtempSync(join(ctx.env.runnerTemp, 'shipyard-helm-'));
  ctx.saveState(STATE.workDir, work);
  const pass = (name: string) => ctx.processEnv[name];
  const env = childEnv(ctx.processEnv, {
    KUBECONFIG: kubeconfig,
    HELM_CACHE_HOME: join(work, 'cache'),
    HELM_CONFIG_HOME: pass('HELM_CONFIG_HOME'),
    HELM_DATA_HOME: pass('HELM_DATA_HOME'),
    HELM_REGISTRY_CONFIG: pass('HELM_REGISTRY_CONFIG'),
    HELM_REPOSITORY_CONFIG: pass('HELM_REPOSITORY_CONFIG'),
    HELM_REPOSITORY_CACHE: pass('HELM_REPOSITORY_CACHE'),
    DOCKER_CONFIG: pass('DOCKER_CONFIG'),
  });
  const kubectlPath = which('kubectl', ctx.processEnv);
  if (!kubectlPath)
    throw new ConfigurationError(
      'kubectl is not on PATH: it is needed to verify workloads (GitHub runners have it)',
    );
  const helmPath = await resolveHelm(ctx);
  const namespace = ctx.inputs.namespace;
  const helm = new HelmClient({ helm: helmPath, exec: execTool, env, namespace });
  const kubectl = new KubectlClient({ kubectl: kubectlPath, exec: execTool, env });
  const { version, major } = await helm.version();
  ctx.log.info(`helm ${version} (${helmPath}), kubectl ${kubectlPath}`);
  return { helm, kubectl, helmVersion: version, helmMajor: major };
}

/** Checks a local chart path and values files exist, so a typo is one clear error before helm runs. */
export function checkFiles(inputs: Inputs, workspace: string): void {
  const chart = inputs.chart;
  const resolve = (p: string) => (isAbsolute(p) ? p : join(workspace, p));
  const remote = /^(oci|https?):\/\//.test(chart);
  const repoName = /^[\w.-]+\/[\w.-]+$/.test(chart);
  if (!remote && !existsSync(resolve(chart)) && (!repoName || /^\.{1,2}\//.test(chart)))
    throw new ConfigurationError(
      `input 'chart' is ${JSON.stringify(chart)}: no such chart directory or archive; expected a path, repo/name (after helm repo add) or oci://registry/chart`,
    );
  for (const file of inputs.values ?? [])
    if (!existsSync(resolve(file)))
      throw new ConfigurationError(`input 'values' names ${JSON.stringify(file)}: no such file`);
}
