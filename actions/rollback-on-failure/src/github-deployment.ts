import { errorMessage, runUrl, type RunnerEnv } from '@shipyard/runtime';

/** Options of {@link recordRollback}. */
export interface RecordOptions {
  env: RunnerEnv;
  token: string | undefined;
  environment: string | undefined;
  environmentUrl: string | undefined;
  /** Whether the restored revision is live and verified (then it is marked current). */
  restored: boolean;
  /** Description of the failed deployment's status. */
  failure: string;
  /** Description of the restored deployment's status. */
  success: string;
  payload: Record<string, unknown>;
  /** What helm-deploy-verify wrote into this run's deployment payload (strategy helm). */
  deployed?: { release: string; namespace: string; revision: number | undefined };
  warn: (message: string) => void;
  info: (message: string) => void;
}

/**
 * Updates GitHub deployments after a rollback: this run's deployment (the newest of the environment at this
 * commit, as helm-deploy-verify created it, preferring the one whose payload names the release, namespace and failed revision; created here when there is none) gets `failure`; when the rollback
 * worked, the last successful deployment gets `success` again — it is what runs now — or, when there is none,
 * a new deployment records the restored revision. Every failure only warns: a report never changes a verdict.
 * Octokit is imported lazily: runs without an environment never load it.
 */
export async function recordRollback(o: RecordOptions): Promise<void> {
  const { env, token, environment, warn } = o;
  if (!environment) return;
  if (!token || !env.repository) {
    warn('environment is set but there is no github-token or repository: GitHub deployments not updated');
    return;
  }
  try {
    const gh = await import('@shipyard/github');
    const client = gh.lazyClient(env, token, warn)();
    const where = env.repository;
    const logUrl = runUrl(env);
    const sha = env.sha || env.ref;
    const ours =
      (await gh.findRunDeployment(client, where, {
        environment,
        sha: env.sha,
        ref: env.ref,
        payload: o.deployed,
      })) ??
      (await gh.createDeployment(client, where, {
        ref: sha,
        environment,
        description: o.failure,
        payload: o.payload,
      }));
    await gh.setDeploymentStatus(client, where, ours, { state: 'failure', logUrl, description: o.failure });
    o.info(`GitHub deployment ${ours} (${environment}): failure`);
    if (!o.restored) return;
    const previous =
      (await gh.findLastSuccessfulDeployment(client, where, environment, [ours])) ??
      (await gh.createDeployment(client, where, {
        ref: sha,
        environment,
        description: o.success,
        payload: o.payload,
      }));
    await gh.setDeploymentStatus(client, where, previous, {
      state: 'success',
      logUrl,
      environmentUrl: o.environmentUrl,
      description: o.success,
    });
    o.info(`GitHub deployment ${previous} (${environment}): success (restored)`);
  } catch (error) {
    warn(`could not update the GitHub deployments of ${environment}: ${errorMessage(error)}`);
  }
}
