import {
  chooseHelm,
  DeploymentRollback,
  HelmClient,
  KubectlClient,
  prepareClusterAccess,
} from '@shipyard/kube';
import { ConfigurationError, type ActionContext } from '@shipyard/runtime';
import { childEnv, DEFAULT_VERSIONS, execTool, installPinnedTool, which } from '@shipyard/tools';
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
  const kubectlPath = which('kubectl', processEnv);
  if (!kubectlPath)
    throw new ConfigurationError(
      'kubectl is not on PATH: it is needed to verify the restored workloads (GitHub runners have it)',
    );
  const kubectlOptions = { kubectl: kubectlPath, exec: execTool, env: childVars };
  const clients: Clients = {
    kubectl: new KubectlClient(kubectlOptions),
    undo: new DeploymentRollback(kubectlOptions),
  };
  if (inputs.strategy === 'helm') {
    const choice = chooseHelm(
      inputs['helm-version'],
      which('helm', processEnv),
      DEFAULT_VERSIONS.helm ?? '3.17.3',
    );
    const path =
      'use' in choice
        ? choice.use
        : (
            await installPinnedTool(
              { tool: 'helm', version: choice.install, inputName: 'helm-version' },
              { ...env, processEnv, log: log.info },
            )
          ).path;
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
