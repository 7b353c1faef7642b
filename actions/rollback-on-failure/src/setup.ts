import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import {
  chooseHelm,
  DeploymentRollback,
  HelmClient,
  helmEnvironment,
  KubeconfigInputError,
  KubectlClient,
  resolveKubeconfig,
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
export const STATE = { workDir: 'work-dir', kubeconfigDir: 'kubeconfig-dir' } as const;

type Ctx = Pick<ActionContext<Inputs, never>, 'inputs' | 'env' | 'processEnv' | 'log' | 'mask' | 'saveState'>;

/** The clients a rollback runs; `helm` only for strategy helm. */
export interface Clients {
  kubectl: KubectlClient;
  undo: DeploymentRollback;
  helm?: HelmClient;
  helmVersion?: string;
}

async function helmPath(ctx: Ctx): Promise<string> {
  const choice = chooseHelm(
    ctx.inputs['helm-version'],
    which('helm', ctx.processEnv),
    DEFAULT_VERSIONS.helm ?? '3.17.3',
  );
  if ('use' in choice) return choice.use;
  ctx.log.info(`installing helm ${choice.install}`);
  const deps = await runnerInstallDeps({
    tempDir: ctx.env.runnerTemp,
    env: ctx.processEnv,
    hasCacheService: ctx.env.hasCacheService,
    log: ctx.log.info,
  });
  const installed = await installTool(
    {
      tool: 'helm',
      version: choice.install,
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

/**
 * Prepares the kubeconfig (input content → 0600 file under RUNNER_TEMP, masked, removed by post), kubectl,
 * and for strategy helm the helm binary, all with one explicit child environment.
 */
export async function setUp(ctx: Ctx): Promise<Clients> {
  let kubeconfig: string;
  try {
    const location = resolveKubeconfig({
      content: ctx.inputs.kubeconfig,
      env: ctx.processEnv,
      runnerTemp: ctx.env.runnerTemp,
      mask: ctx.mask,
    });
    if (location.dir) ctx.saveState(STATE.kubeconfigDir, location.dir);
    kubeconfig = location.path;
  } catch (error) {
    if (error instanceof KubeconfigInputError) throw new ConfigurationError(error.message);
    throw error;
  }
  const work = mkdtempSync(join(ctx.env.runnerTemp, 'shipyard-helm-'));
  ctx.saveState(STATE.workDir, work);
  const env = childEnv(ctx.processEnv, helmEnvironment(ctx.processEnv, kubeconfig, work));
  const kubectlPath = which('kubectl', ctx.processEnv);
  if (!kubectlPath)
    throw new ConfigurationError(
      'kubectl is not on PATH: it is needed to verify the restored workloads (GitHub runners have it)',
    );
  const kubectlOptions = { kubectl: kubectlPath, exec: execTool, env };
  const clients: Clients = {
    kubectl: new KubectlClient(kubectlOptions),
    undo: new DeploymentRollback(kubectlOptions),
  };
  if (ctx.inputs.strategy === 'helm') {
    const path = await helmPath(ctx);
    clients.helm = new HelmClient({ helm: path, exec: execTool, env, namespace: ctx.inputs.namespace });
    clients.helmVersion = (await clients.helm.version()).version;
    ctx.log.info(`helm ${clients.helmVersion} (${path}), kubectl ${kubectlPath}`);
  }
  return clients;
}
