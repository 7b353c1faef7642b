import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { CLUSTER_STATE, HelmClient, KubectlClient, prepareClusterAccess } from '@shipyard/kube';
import { ConfigurationError, type ActionContext } from '@shipyard/runtime';
import { childEnv, execTool, requireOnPath, resolveTool } from '@shipyard/tools';
import type { Inputs } from './inputs';

/** State keys shared by the main and post steps. */
export const STATE = {
  ...CLUSTER_STATE,
  release: 'release',
  namespace: 'namespace',
  previousRevision: 'previous-revision',
  revision: 'revision',
} as const;

type Ctx = Pick<ActionContext<Inputs, never>, 'inputs' | 'env' | 'processEnv' | 'log' | 'mask' | 'saveState'>;

/** The clients this action runs, with one explicit child environment. */
export interface Clients {
  helm: HelmClient;
  kubectl: KubectlClient;
  helmVersion: string;
  helmMajor: 3 | 4;
}

/**
 * Prepares kubeconfig, helm and kubectl. The child environment is explicit: KUBECONFIG, kubectl's cache under
 * this action's own folder in RUNNER_TEMP, and the user's helm config/data/cache homes passed through (they
 * hold `helm repo add` with its index and registry logins from earlier steps).
 */
export async function setUp(ctx: Ctx): Promise<Clients> {
  const { inputs, env, processEnv, log } = ctx;
  const access = prepareClusterAccess({
    content: inputs.kubeconfig,
    env: processEnv,
    runnerTemp: env.runnerTemp,
    mask: ctx.mask,
    saveState: ctx.saveState,
  });
  const childVars = childEnv(processEnv, access.helmEnv);
  const kubectlPath = requireOnPath('kubectl', processEnv, 'to verify workloads');
  const helmPath = await resolveTool(
    { tool: 'helm', version: inputs['helm-version'], inputName: 'helm-version' },
    { ...env, processEnv, log: log.info },
  );
  const helm = new HelmClient({
    helm: helmPath,
    exec: execTool,
    env: childVars,
    namespace: inputs.namespace,
  });
  const kubectl = new KubectlClient({ kubectl: kubectlPath, exec: execTool, env: childVars });
  const { version, major } = await helm.version();
  log.info(`helm ${version} (${helmPath}), kubectl ${kubectlPath}`);
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
      throw new ConfigurationError(
        `input 'values' names ${JSON.stringify(file)}: no such file (looked for ${resolve(file)}); expected values files, one per line, relative to the workspace or absolute`,
      );
}
