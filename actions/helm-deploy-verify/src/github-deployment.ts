import { errorMessage, runUrl, type RunnerEnv } from '@shipyard/runtime';

/** A GitHub deployment of the environment; every call only warns on failure (a report never changes a verdict). */
export interface DeploymentTracker {
  finish(ok: boolean, description: string): Promise<void>;
}

const NONE: DeploymentTracker = { finish: () => Promise.resolve() };

/**
 * Creates a deployment for `environment` with status `in_progress`. Octokit is imported lazily: runs without
 * an environment never load it.
 */
export async function startDeployment(options: {
  env: RunnerEnv;
  token: string | undefined;
  environment: string | undefined;
  environmentUrl: string | undefined;
  description: string;
  warn: (message: string) => void;
}): Promise<DeploymentTracker> {
  const { env, token, environment, warn } = options;
  if (!environment) return NONE;
  if (!token || !env.repository) {
    warn('environment is set but there is no github-token or repository: no GitHub deployment recorded');
    return NONE;
  }
  try {
    const gh = await import('@shipyard/github');
    const client = gh.lazyClient(env, token, warn)();
    const where = env.repository;
    const logUrl = runUrl(env);
    const id = await gh.createDeployment(client, where, {
      ref: env.sha || env.ref,
      environment,
      description: options.description,
    });
    await gh.setDeploymentStatus(client, where, id, {
      state: 'in_progress',
      logUrl,
      environmentUrl: options.environmentUrl,
    });
    return {
      finish: async (ok, description) => {
        try {
          await gh.setDeploymentStatus(client, where, id, {
            state: ok ? 'success' : 'failure',
            environmentUrl: options.environmentUrl,
            logUrl,
            description,
          });
        } catch (error) {
          warn(`could not set the GitHub deployment status: ${errorMessage(error)}`);
        }
      },
    };
  } catch (error) {
    warn(`could not create a GitHub deployment for ${environment}: ${errorMessage(error)}`);
    return NONE;
  }
}
