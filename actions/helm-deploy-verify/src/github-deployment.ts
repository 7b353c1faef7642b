import { errorMessage, runUrl, type RunnerEnv } from '@shipyard/runtime';

/**
 * The GitHub deployment of this run; every call only warns on failure (a report never changes a verdict).
 * It is created once the revision is known, so its payload `{release, namespace, revision}` lets
 * rollback-on-failure find exactly this run's deployment.
 */
export interface DeploymentTracker {
  /** Creates the deployment for the upgraded revision with status `in_progress`. */
  begin(revision: number | undefined): Promise<void>;
  /** Sets the final status (creating the deployment first when the run never got to a revision). */
  finish(ok: boolean, description: string, revision: number | undefined): Promise<void>;
}

const NONE: DeploymentTracker = { begin: () => Promise.resolve(), finish: () => Promise.resolve() };

/** Tracks a deployment of `release` to `environment`. Octokit is imported lazily: runs without one never load it. */
export function trackDeployment(options: {
  env: RunnerEnv;
  token: string | undefined;
  environment: string | undefined;
  environmentUrl: string | undefined;
  release: string;
  namespace: string;
  description: string;
  warn: (message: string) => void;
}): DeploymentTracker {
  const { env, token, environment, warn } = options;
  if (!environment) return NONE;
  if (!token || !env.repository) {
    warn('environment is set but there is no github-token or repository: no GitHub deployment recorded');
    return NONE;
  }
  const where = env.repository;
  const logUrl = runUrl(env);
  type Finish = (ok: boolean, description: string) => Promise<void>;
  let created: Promise<Finish | undefined> | undefined;
  const begin = (revision: number | undefined) =>
    (created ??= (async () => {
      try {
        const gh = await import('@shipyard/github');
        const client = gh.lazyClient(env, token, warn)();
        const id = await gh.createDeployment(client, where, {
          ref: env.sha || env.ref,
          environment,
          description: options.description,
          payload: { release: options.release, namespace: options.namespace, revision },
        });
        await gh.setDeploymentStatus(client, where, id, {
          state: 'in_progress',
          logUrl,
          environmentUrl: options.environmentUrl,
        });
        const finish: Finish = (ok, description) =>
          gh.setDeploymentStatus(client, where, id, {
            state: ok ? 'success' : 'failure',
            environmentUrl: options.environmentUrl,
            logUrl,
            description,
          });
        return finish;
      } catch (error) {
        warn(`could not create a GitHub deployment for ${environment}: ${errorMessage(error)}`);
        return undefined;
      }
    })());
  return {
    begin: async (revision) => {
      await begin(revision);
    },
    finish: async (ok, description, revision) => {
      try {
        await (
          await begin(revision)
        )?.(ok, description);
      } catch (error) {
        warn(`could not set the GitHub deployment status: ${errorMessage(error)}`);
      }
    },
  };
}
