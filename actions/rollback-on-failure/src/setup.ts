import { DeploymentRollback, HelmClient, KubectlClient, prepareClusterAccess } from '@shipyard/kube';
import type { ActionContext } from '@shipyard/runtime';
import { childEnv, execTool, requireOnPath, resolveTool } from '@shipyard/tools';
import type { Inputs } from './inputs';

type Ctx = Pick<ActionContext<Inputs, never>, 'inputs' | 'env' | 'processEnv' | 'log' | 'mask' | 'saveState'>;

/** The clients a rollback runs; `helm` only for strategy helm. */
export interface Clients {
  kubectl: KubectlClient;
  undo: DeploymentRollback;
  helm?: HelmClient;
  helmVersion?: string;
}

/**
 * Prepares the kubeconfig (input content → 0600 file under RUNNER_TEMP, masked, removed by post), kubectl,
 * and for strategy helm the helm binary, all with one explicit child environment.
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
  const kubectlPath = requireOnPath('kubectl', processEnv, 'to verify the restored workloads');
  const kubectlOptions = { kubectl: kubectlPath, exec: execTool, env: childVars };
  const clients: Clients = {
    kubectl: new KubectlClient(kubectlOptions),
    undo: new DeploymentRollback(kubectlOptions),
  };
  if (inputs.strategy === 'helm') {
    const path = await resolveTool(
      { tool: 'helm', version: inputs['helm-version'], inputName: 'helm-version' },
      { ...env, processEnv, log: log.info },
    );
    clients.helm = new HelmClient({
      helm: path,
      exec: execTool,
      env: childVars,
      namespace: inputs.namespace,
    });
    clients.helmVersion = (await clients.helm.version()).version;
    log.info(`helm ${clients.helmVersion} (${path}), kubectl ${kubectlPath}`);
  }
  return clients;
}
